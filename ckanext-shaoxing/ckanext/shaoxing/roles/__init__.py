"""What each role finds: the account menu's items and the page an account lands on after login."""
