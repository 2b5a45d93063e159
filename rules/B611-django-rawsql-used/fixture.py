from django.db.models.expressions import RawSQL
from django.contrib.auth.models import User

name = input()

# ruleid: B611
User.objects.annotate(val=RawSQL("SELECT name FROM t WHERE x = '%s'" % name, []))

# ruleid: B611
RawSQL(query, [])

# Bandit 1.9 reads the sql= keyword; 1.6.2 only looks at args[0] (and errors here).
# ruleid: B611
RawSQL(sql=f"SELECT {name}", params=[])

# ok: B611
User.objects.annotate(val=RawSQL("SELECT name FROM t WHERE x = %s", (name,)))

# ok: B611
RawSQL(sql="SELECT 1", params=[])

# ok: B611
Raw(query, [])
