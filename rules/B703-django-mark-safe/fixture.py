import os

from django.utils import safestring
from django.utils.safestring import SafeText, mark_safe


def param_is_unsafe(user_input):
    # Function parameters are always considered unsafe.
    # ruleid: B703
    return mark_safe(user_input)


def param_via_local(user_input):
    text = user_input
    # ruleid: B703
    return safestring.mark_safe(text)


def literal_local_is_safe():
    text = "<b>static</b>"
    # ok: B703
    return mark_safe(text)


def literal_then_overwritten(request):
    text = "<b>static</b>"
    text = request.GET["x"]
    # ruleid: B703
    return mark_safe(text)


def augmented_literal():
    text = "<b>"
    text += "</b>"
    # ok: B703
    return mark_safe(text)


def augmented_unsafe(request):
    text = "<b>"
    text += request.GET["x"]
    # ruleid: B703
    return mark_safe(text)


def format_of_literals():
    name = "world"
    # ok: B703
    return mark_safe("<b>{}</b>".format(name))


def format_of_param(name):
    # ruleid: B703
    return mark_safe("<b>{}</b>".format(name))


def format_with_keywords():
    # Keyword arguments to format() are not analysed.
    # ruleid: B703
    return mark_safe("<b>{x}</b>".format(x="y"))


def percent_of_literals():
    a = "x"
    b = "y"
    # ok: B703
    return mark_safe("<b>%s %s</b>" % (a, b))


def percent_of_param(a):
    # ruleid: B703
    return mark_safe("<b>%s</b>" % a)


def chained_names():
    a = "<i>"
    b = a
    # ok: B703
    return mark_safe(b)


def assigned_in_branches(flag):
    if flag:
        text = "<b>yes</b>"
    else:
        text = "<b>no</b>"
    # ok: B703
    return mark_safe(text)


def one_branch_unsafe(flag, other):
    if flag:
        text = "<b>yes</b>"
    else:
        text = other
    # ruleid: B703
    return mark_safe(text)


def tuple_assignment():
    a, b = "x", "y"
    # ok: B703
    return mark_safe(b)


def with_target():
    with open(os.devnull) as text:
        pass
    # ruleid: B703
    return mark_safe(text)


def with_without_as_safe():
    with LOCK:
        text = "<b>locked</b>"
    # ok: B703
    return mark_safe(text)


def with_without_as_unsafe(request):
    # Deliberate difference: Bandit 1.6.2 raises on a `with` item without `as` (an internal error, no issue);
    # we analyse the block like Bandit 1.9 does.
    with LOCK:
        text = request.GET["x"]
    # ruleid: B703
    return mark_safe(text)


def never_assigned():
    # A global or undefined name: nothing proves it safe.
    # ruleid: B703
    return mark_safe(GLOBAL_TEXT)


def assigned_after_call():
    # ruleid: B703
    result = mark_safe(text)
    text = "late"
    return result


def other_wrappers(value):
    # ruleid: B703
    SafeText(value)
    # ok: B703
    SafeText("<br>")


def f_string(value):
    # An f-string is not a string constant.
    # ruleid: B703
    return mark_safe(f"<b>{value}</b>")


def literal_arguments():
    # ok: B703
    mark_safe("<br>")
    # ok: B703
    mark_safe("<b>" "</b>")


class Widget:
    label = "<b>label</b>"

    def render(self):
        # ruleid: B703
        return mark_safe(self.label)


async def async_view(request):
    # async def is not a scope for Bandit: the module is searched, and request is not assigned there. (Bandit
    # 1.6.2 hits its `with`-without-`as` internal error on this file's module-level defs, so it misses this.)
    # ruleid: B703
    return mark_safe(request)


MODULE_TEXT = "<hr>"
# ok: B703
mark_safe(MODULE_TEXT)

# ruleid: B703
mark_safe(os.environ["X"])
