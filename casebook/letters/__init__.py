"""Word output: documents made from the casebook for the user to send or keep (A4, English (UK)).

Every export is the user's explicit choice and is recorded in the audit log by the service that makes it.
"""
