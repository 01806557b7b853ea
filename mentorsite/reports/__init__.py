"""``status``, ``report`` and ``review``: the model summarised for the terminal, for a performance
review or for a pull request.
"""
