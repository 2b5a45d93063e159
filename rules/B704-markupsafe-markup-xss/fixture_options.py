# vigil-test: {"plugins": {"markupsafe_xss": {"extend_markup_names": ["webapp.safe_markup"], "allowed_calls": ["bleach.clean"]}}}
import bleach
from markupsafe import Markup
from webapp import safe_markup

# ok: B704
Markup(bleach.clean(content))

# ruleid: B704
Markup(other.clean(content))

# ruleid: B704
safe_markup(content)

# ok: B704
safe_markup("<br>")
