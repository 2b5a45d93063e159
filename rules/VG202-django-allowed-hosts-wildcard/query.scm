; Every assignment; the check keeps module-level settings assignments in Django settings modules.
(assignment) @assign
