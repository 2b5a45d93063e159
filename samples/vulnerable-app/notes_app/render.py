"""Server-side rendering helpers."""
import jinja2


def environment(path):
    return jinja2.Environment(loader=jinja2.FileSystemLoader(path))


def safe_environment(path):
    # Safe look-alike: autoescaping on.
    return jinja2.Environment(loader=jinja2.FileSystemLoader(path), autoescape=True)


def check_owner(note, user):
    assert note["owner"] == user, "not your note"
    return note
