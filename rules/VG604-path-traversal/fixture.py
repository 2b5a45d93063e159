import os
import shutil

from flask import Flask, request, send_file, send_from_directory
from werkzeug.utils import secure_filename

app = Flask(__name__)
UPLOADS = "/srv/uploads"


@app.route("/download")
def download():
    name = request.args["name"]
    # ruleid: VG604
    return send_file(os.path.join(UPLOADS, name))


@app.route("/read/<path:filename>")
def read(filename):
    # ruleid: VG604
    with open(UPLOADS + "/" + filename) as f:
        return f.read()


@app.route("/upload", methods=["POST"])
def upload():
    f = request.files["file"]
    # ruleid: VG604
    shutil.copyfile("/tmp/staging", os.path.join(UPLOADS, f.filename))
    # Sanitised file name.
    # ok: VG604
    open(os.path.join(UPLOADS, secure_filename(f.filename)), "wb").write(f.read())
    # ok: VG604
    os.remove(os.path.join(UPLOADS, os.path.basename(request.form["old"])))
    # send_from_directory joins the file name safely.
    # ok: VG604
    return send_from_directory(UPLOADS, request.form["name"])


@app.route("/delete")
def delete():
    name = request.args.get("name", "")
    if name not in os.listdir(UPLOADS):
        return "no", 404
    # Validated.
    # ok: VG604
    os.remove(os.path.join(UPLOADS, name))
    # The content, not the path, is request data.
    # ok: VG604
    open("/srv/log.txt", "a").write(request.args["msg"])
    return "ok"


@app.route("/show")
def show():
    path = os.path.join(UPLOADS, request.args["p"])
    if os.path.exists(path):
        # An existence check does not validate the path.
        # ruleid: VG604
        return send_file(path)
    return "missing", 404


def save(path):
    # ok: VG604
    return open(path)


@app.route("/builtin-names")
def builtin_names():
    # Names of JavaScript object properties are ordinary Python calls, not sinks.
    # ok: VG604
    constructor(request.args["path"])
    # ok: VG604
    hasOwnProperty(request.args["path"])
