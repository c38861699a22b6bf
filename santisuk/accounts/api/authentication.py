from knox.auth import TokenAuthentication


class ExpiringTokenAuthentication(TokenAuthentication):
    pass
