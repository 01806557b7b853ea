"""The command line: options parsed, one function called, problems turned into messages and exit
codes.
"""
