from santisuk.accounts.models.role import Role
from santisuk.accounts.models.user import User

__all__ = ["Role", "User"]
