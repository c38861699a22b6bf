from santisuk.accounts.models.login import AccountLock, UserSession
from santisuk.accounts.models.role import Role
from santisuk.accounts.models.user import User

__all__ = ["AccountLock", "Role", "User", "UserSession"]
