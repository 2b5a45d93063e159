import os
import shlex
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.route("/ping")
def ping():
    host = request.args.get("host")
    # ruleid: VG601
    subprocess.check_output(f"ping -c 1 {host}", shell=True)
    # ruleid: VG601
    os.system("ping " + host)
    cmd = "nslookup %s" % host
    # ruleid: VG601
    os.popen(cmd)
    # The program of an argument list.
    # ruleid: VG601
    subprocess.run([request.form["tool"], "--version"])
    # The script of sh -c.
    # ruleid: VG601
    subprocess.call(["sh", "-c", "echo " + host])
    # Passed as a separate argument: not the command.
    # ok: VG601
    subprocess.run(["ping", "-c", "1", host])
    # Quoted.
    # ok: VG601
    os.system("ping " + shlex.quote(host))
    # Constant.
    # ok: VG601
    os.system("uptime")


@app.route("/run/<tool>")
def run_tool(tool, other="x"):
    # A route parameter.
    # ruleid: VG601
    os.system(tool + " --help")
    # ok: VG601
    os.system(other)


@app.route("/count")
def count():
    n = int(request.args["n"])
    # Sanitised by int().
    # ok: VG601
    os.system("seq %d" % n)
    name = request.args["name"]
    if name not in ("a", "b"):
        return "bad"
    # Validated against an allowlist before use.
    # ok: VG601
    os.system("run " + name)


@app.route("/reassigned")
def reassigned():
    target = request.args["t"]
    target = "localhost"
    # The tainted value was overwritten on every path.
    # ok: VG601
    os.system("ping " + target)


@app.route("/batch")
def batch():
    for name in request.args.getlist("name"):
        # The loop variable iterates over request data.
        # ruleid: VG601
        os.system("touch " + name)
    for name in ("a", "b"):
        # ok: VG601
        os.system("touch " + name)


def helper(host):
    # Not a request source: a plain parameter.
    # ok: VG601
    os.system("ping " + host)


def other_view():
    data = request.get_json()
    # ruleid: VG601
    subprocess.Popen(data["cmd"], shell=True)
    # ruleid: VG601
    os.execvp(data["prog"], ["prog"])
