"""Who may see an item that is not public yet: one rule for the preview of its page, the
editors' dashboard and the submitter's details in the admin."""


def permission(model, action):
    """The permission name for `action` ("view", "publish", …) on `model`."""
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def may_view(user, model):
    """Staff who may view or change this kind see its drafts too."""
    return user.has_perm(permission(model, "view")) or user.has_perm(permission(model, "change"))
