from flask import Flask, request
from sqlalchemy import text

app = Flask(__name__)


@app.route("/user/<name>")
def user(name):
    # ruleid: VG603
    stmt = text("SELECT * FROM users WHERE name = '" + name + "'")
    # ok: VG603
    stmt2 = text("SELECT * FROM users WHERE name = :name")
    order = request.args.get("order", "id")
    if order not in ("id", "name"):
        order = "id"
    # ok: VG603
    db.session.execute(text(f"SELECT * FROM users ORDER BY {order}"))
    return str(db.session.execute(stmt2, {"name": name}).all())
