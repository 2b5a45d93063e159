import os


class request:
    args = {}


def f():
    # Neither flask nor django is imported: no sources.
    # ok: VG601
    os.system(request.args["x"])
