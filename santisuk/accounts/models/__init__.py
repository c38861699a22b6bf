from santisuk.accounts.models.login import AccountLock, LoginAddressAttempt, UserSession
from santisuk.accounts.models.role import Role
from santisuk.accounts.models.user import User

__all__ = ["AccountLock", "LoginAddressAttempt", "Role", "User", "UserSession"]
