"""Vietnamese text: NFC, slugs (đ→d), tone-mark folding, dates, sort keys, typing slips.

May use: common.
"""
