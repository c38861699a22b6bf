from santisuk.people.models.merge import PersonMerge
from santisuk.people.models.person import Person, PersonIdentifier

__all__ = ["Person", "PersonIdentifier", "PersonMerge"]
