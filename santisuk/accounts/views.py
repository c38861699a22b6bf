from django.http import HttpResponse


def lockout_response(request, credentials, *args, **kwargs):
    return HttpResponse(status=403)
