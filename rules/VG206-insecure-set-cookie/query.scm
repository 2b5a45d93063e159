; Every call; the check keeps .set_cookie()/.set_signed_cookie() in files importing flask, django or starlette.
(call) @call
