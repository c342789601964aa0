"""``casebook deadlines`` and ``export ics`` — placeholder until the deadline engine lands (issue 4)."""


def register(sub, groups):  # noqa: ARG001
    pass
