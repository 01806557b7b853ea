"""``programme``: a coordinator's site over many pairs' repositories, showing only what each pair
shares.
"""
