import jinja2
from jinja2 import Environment, select_autoescape

templateLoader = jinja2.FileSystemLoader(searchpath="/")

# ruleid: B701
jinja2.Environment(loader=templateLoader, autoescape=True)

# ruleid: B701
Env = Environment(loader=templateLoader, autoescape=True)

# ruleid: B701
Environment(
    loader=templateLoader,
    autoescape=True,
)

# A non-literal value: HIGH severity, MEDIUM confidence.
# ruleid: B701
Environment(loader=templateLoader, autoescape=should_escape)

# ruleid: B701
Environment(loader=templateLoader, autoescape=0)

# **kwargs may or may not carry autoescape: reported as the default, without a fix.
# ruleid: B701
jinja2.Environment(**settings)

# Bandit requires the last name to be exactly Environment.
# ok: B701
jinja2.sandbox.SandboxedEnvironment(loader=templateLoader)

# ok: B701
Environment(loader=templateLoader, autoescape=True)

# ok: B701
Environment(loader=templateLoader, autoescape=select_autoescape(["html", "xml"]))

# Bandit 1.6.2 reports the attribute form with MEDIUM confidence; accepted here.
# ok: B701
jinja2.Environment(autoescape=jinja2.select_autoescape())

# Bandit walks the whole call, so a nested autoescape=True keyword counts.
# ok: B701
Environment(loader=make_loader(autoescape=True))

# The name must end in Environment with a jinja2 segment.
# ok: B701
jinja2.Template("{{ x }}")

# ok: B701
MyEnvironment(loader=templateLoader)
