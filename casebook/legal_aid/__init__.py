"""Legal aid for prison law (issue 14): fee schemes as data (:mod:`.schemes`, ``resources/legal_aid``),
the one fee engine (:mod:`.engine`: units, UFNs, costs, which fee, the meter), the records' dataclasses
(:mod:`.model`) and the claims outputs (:mod:`.claims`). Pure: no storage, no clock, no Qt. The
use-cases are in :mod:`casebook.services.legal_aid`, :mod:`casebook.services.time_entries` and
:mod:`casebook.services.visits`; see docs/legal-aid.md."""
