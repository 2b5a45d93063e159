import jinja2
from flask import Flask, render_template_string, request

app = Flask(__name__)
env = jinja2.Environment(autoescape=True)


@app.route("/hello")
def hello():
    # ruleid: VG607
    return render_template_string(f"<h1>Hello {request.args['name']}</h1>")


@app.route("/page")
def page():
    body = request.form["body"]
    # ruleid: VG607
    tpl = jinja2.Template(body)
    # ruleid: VG607
    env.from_string("<div>" + body + "</div>")
    # Data passed as a template variable.
    # ok: VG607
    return render_template_string("<h1>Hello {{ name }}</h1>", name=body) + tpl.render()


def render_row(title):
    # Not request data, but the template source is built with formatting.
    # ruleid: VG607
    return env.from_string("<td>%s</td>" % title).render()


def render_static(source):
    # A template held in a variable (e.g. read from a file).
    # ok: VG607
    return jinja2.Template(source).render()
