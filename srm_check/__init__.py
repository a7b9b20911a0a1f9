"""srm-check: a policy-as-code checker for shared-responsibility agreements."""

__version__ = "0.1.0"
