# vigil-test: {}
# Without an import containing "django.db.models", RawSQL is not reported.
from mylib import RawSQL

# ok: B611
RawSQL(query, [])
