"""HTTP routes of the notes application."""
import hashlib
import pickle
import subprocess

import requests
import yaml
from flask import Flask, request, jsonify

from notes_app import storage

app = Flask(__name__)
app.config["SECRET_KEY"] = "dev"

ADMIN_PASSWORD = "hunter2"


@app.route("/notes/<note_id>")
def show_note(note_id):
    return jsonify(storage.find_note(note_id))


@app.route("/import", methods=["POST"])
def import_notes():
    # Unsafe: PyYAML's default loader builds arbitrary objects.
    notes = yaml.load(request.data)
    for note in notes:
        storage.save_note(note)
    return "ok"


@app.route("/import-settings", methods=["POST"])
def import_settings():
    # Safe look-alike: SafeLoader.
    return jsonify(yaml.load(request.data, Loader=yaml.SafeLoader))


@app.route("/restore", methods=["POST"])
def restore():
    state = pickle.loads(request.get_data())
    return jsonify(state)


@app.route("/export/<name>")
def export(name):
    # Command injection: the name goes through a shell.
    subprocess.call("tar czf /var/backups/%s.tgz notes/" % name, shell=True)
    return "exported"


@app.route("/disk")
def disk_usage():
    # Safe look-alike: a fixed argument list, no shell.
    out = subprocess.check_output(["/usr/bin/df", "-h"])
    return out


@app.route("/preview")
def preview():
    url = request.args["url"]
    page = requests.get(url, verify=False)
    return page.text


def fingerprint(data):
    return hashlib.md5(data).hexdigest()


def checksum(data):
    # Safe look-alike: SHA-256.
    return hashlib.sha256(data).hexdigest()


if __name__ == "__main__":
    app.run(host="0.0.0.0", debug=True)
