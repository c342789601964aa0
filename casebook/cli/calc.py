"""``casebook calc`` — placeholder until the release-date engine lands (issue 3)."""


def register(sub, groups):  # noqa: ARG001
    pass
