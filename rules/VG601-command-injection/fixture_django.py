import subprocess

from django.http import HttpResponse


def view(request):
    name = request.GET.get("name", "")
    # ruleid: VG601
    out = subprocess.check_output("grep %s /etc/passwd" % name, shell=True)
    return HttpResponse(out)


def not_a_view(req):
    # `request` is not a parameter here.
    # ok: VG601
    subprocess.check_output(req.GET["x"], shell=True)
