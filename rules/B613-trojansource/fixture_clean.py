# vigil-test: {}
# Look-alikes that are not bidi controls: a zero-width space (U+200B) and a left-to-right mark (U+200E).
# ok: B613
x = "a​b‎c"
