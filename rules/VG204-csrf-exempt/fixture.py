from django.urls import path
from django.views.decorators import csrf
from django.views.decorators.csrf import csrf_exempt, csrf_protect


# ruleid: VG204
@csrf_exempt
def update_profile(request):
    return None


# ruleid: VG204
@csrf.csrf_exempt
def webhook(request):
    return None


# ok: VG204
@csrf_protect
def form_view(request):
    return None


urlpatterns = [
    # ruleid: VG204
    path("hook/", csrf_exempt(webhook)),
    # ok: VG204
    path("form/", form_view),
]
