# vigil-test: {"plugins": {"hardcoded_tmp_directory": {"tmp_dirs": ["/scratch", "C:\\Temp"]}}}
# A configured tmp_dirs list replaces the defaults.

# ruleid: B108
WORK = "/scratch/job-1"

# ruleid: B108
WIN = "C:\\Temp\\x.txt"

# /tmp is no longer in the list.
# ok: B108
LOG = "/tmp/app.log"
