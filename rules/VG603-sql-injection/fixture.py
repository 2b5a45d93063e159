from django.db import connection
from django.http import JsonResponse

from .models import Item


def search(request):
    q = request.GET["q"]
    with connection.cursor() as cursor:
        # ruleid: VG603
        cursor.execute(f"SELECT * FROM items WHERE name LIKE '%{q}%'")
        sql = "SELECT * FROM items WHERE owner = '%s'" % request.POST.get("owner")
        # ruleid: VG603
        cursor.execute(sql)
        # ruleid: VG603
        cursor.executemany("DELETE FROM t WHERE id = " + q, [])
        # A query parameter, not string building.
        # ok: VG603
        cursor.execute("SELECT * FROM items WHERE name = %s", [q])
        # Sanitised.
        # ok: VG603
        cursor.execute("SELECT * FROM items LIMIT %d" % int(request.GET["n"]))
    # ruleid: VG603
    rows = Item.objects.raw("SELECT * FROM app_item WHERE name = '{}'".format(q))
    # ok: VG603
    rows = Item.objects.raw("SELECT * FROM app_item WHERE name = %s", [q])
    return JsonResponse({"n": len(list(rows))})


ORDERINGS = {"name": "name ASC", "new": "created DESC"}


def listing(request):
    ids = request.GET.getlist("id")
    placeholders = ",".join(["%s"] * len(ids))
    # Only placeholders are built into the string; the values are parameters.
    # ok: VG603
    connection.cursor().execute(f"SELECT * FROM items WHERE id IN ({placeholders})", ids)
    order = ORDERINGS.get(request.GET.get("o"), "id")
    # A dictionary allowlist lookup.
    # ok: VG603
    connection.cursor().execute("SELECT * FROM items ORDER BY " + order)


class Search:
    def get(self):
        term = self.request.GET["term"]
        # A class-based view reads self.request.
        # ruleid: VG603
        return Item.objects.raw("SELECT * FROM app_item WHERE name LIKE '%%" + term + "%%'")


def report(cursor, table):
    # Not request data.
    # ok: VG603
    cursor.execute(f"SELECT count(*) FROM {table}")
