from santisuk.audit.models.entries import AccessEntry, ChangeEntry

__all__ = ["AccessEntry", "ChangeEntry"]
