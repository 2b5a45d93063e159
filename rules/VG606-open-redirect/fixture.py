from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def login_done(request):
    # ruleid: VG606
    return redirect(request.GET.get("next", "/"))


def legacy(request):
    target = request.POST["return_to"]
    # ruleid: VG606
    return HttpResponseRedirect(target)


def checked(request):
    nxt = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        nxt = "/"
    # Validated before use.
    # ok: VG606
    return redirect(nxt)


def set_language(request):
    next_url = request.POST.get("next", request.GET.get("next"))
    if not url_has_allowed_host_and_scheme(url=next_url, allowed_hosts={request.get_host()}):
        next_url = request.META.get("HTTP_REFERER")
        if not url_has_allowed_host_and_scheme(url=next_url, allowed_hosts={request.get_host()}):
            next_url = "/"
    # Validated with keyword arguments (django/views/i18n.py).
    # ok: VG606
    return HttpResponseRedirect(next_url) if next_url else None


def profile(request):
    # A fixed path prefix.
    # ok: VG606
    return redirect("/users/" + request.GET["name"])


def protocol_relative(request):
    # "/" + "/evil.com" is a protocol-relative URL.
    # ruleid: VG606
    return redirect("/" + request.GET["path"])


def named(request):
    # A constant target.
    # ok: VG606
    return redirect("home")
