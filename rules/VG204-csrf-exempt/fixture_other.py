def csrf_exempt(view):
    return view


# A local function with the same name.
# ok: VG204
@csrf_exempt
def view(request):
    return None
