# Bandit 1.9 check (not in Bandit 1.6.2).
import flask
import markupsafe
from markupsafe import Markup
from markupsafe import Markup as M

# ruleid: B704
Markup(user_input)

# ruleid: B704
markupsafe.Markup(f"<b>{name}</b>")

# ruleid: B704
flask.Markup("<b>%s</b>" % name)

# ruleid: B704
M(
    content,
)

# ruleid: B704
Markup(escape(name) + "<br>")

# Without allowed_calls configured, every call counts.
# ruleid: B704
Markup(bleach.clean(content))

# ok: B704
Markup("<b>static</b>")

# ok: B704
Markup()

# ok: B704
Markup("<b>" "</b>")

# The result of Markup.escape is not markup.Markup itself.
# ok: B704
Markup.escape(user_input)

# Not markupsafe: another module's Markup.
# ok: B704
mylib.Markup(user_input)
