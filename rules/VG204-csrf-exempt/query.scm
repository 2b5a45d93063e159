; Decorators and calls; the check resolves the name to django.views.decorators.csrf.csrf_exempt.
(decorator) @decorator
(call) @call
