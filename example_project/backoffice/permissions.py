from rest_framework.permissions import IsAdminUser

# Every back-office endpoint is for staff (`is_staff`) only; the zone is not public either.
STAFF_ONLY = [IsAdminUser]
