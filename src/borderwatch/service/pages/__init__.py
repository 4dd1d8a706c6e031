"""The public pages: the pre-departure check at ``/check/{crossing}``, with no sign-in.

Server-rendered HTML (Jinja2, autoescaped) in Korean, Chinese and English; it
screens what a traveller types through the service's assembly and never reads
or writes the store.
"""
