class Jar:
    def set_cookie(self, name, value):
        pass


# No web framework imported: a cookie jar of an HTTP client, not a response.
# ok: VG206
Jar().set_cookie("a", "b")
