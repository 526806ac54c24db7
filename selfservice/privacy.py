def mask_email(email: str) -> str:
    """k•••@e•••.com: enough to recognise, not enough to use."""
    if not email or "@" not in email:
        return ""
    local, domain = email.rsplit("@", 1)
    name, dot, tld = domain.rpartition(".")
    masked_domain = f"{name[:1]}•••{dot}{tld}" if dot else f"{domain[:1]}•••"
    return f"{local[:1]}•••@{masked_domain}"
