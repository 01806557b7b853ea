"""``serve``: the local web server, the live site it keeps, and the rebuild that renders again only
the pages whose inputs changed.
"""
