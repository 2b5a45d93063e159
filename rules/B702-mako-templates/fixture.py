import jinja2
import mako
from mako import template
from mako.template import Template as MakoTemplate

# ruleid: B702
mako.template.Template("hern")

# ruleid: B702
template.Template("hern")

# ruleid: B702
MakoTemplate("${ data }")

# ruleid: B702
mako.template.Template(
    filename="page.html",
)

# Not mako.
# ok: B702
jinja2.Template("{{ data }}")

# ok: B702
Template("hern")

# The last name must be exactly Template.
# ok: B702
mako.lookup.TemplateLookup(directories=["/templates"])
