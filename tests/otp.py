"""Codes an authenticator app would show, for tests that log in with the second factor."""

import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from agreements.models import User


def code_for(device: TOTPDevice) -> str:
    """The code the device's app shows now, or the next one when this one has already been used (a device
    accepts each time step once, and one step ahead of the clock)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    while device.last_t + 1 > totp.t() + device.tolerance:
        time.sleep(1)
    totp.drift += max(0, device.last_t + 1 - totp.t())
    return f"{totp.token():0{device.digits}d}"


def enrolled_device(user: User) -> TOTPDevice:
    """The user's confirmed device, created if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)
