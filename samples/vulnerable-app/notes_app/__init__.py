"""Notes: a small Flask application used as Vigil's sample project."""
