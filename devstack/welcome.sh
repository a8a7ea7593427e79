#!/usr/bin/env bash
# Prints where the portal is and the demo accounts (passwords generated on the first run).
. "$(dirname "$0")/env.sh"
load_secrets
cat <<TXT

绍兴市公共数据开放平台 is running: http://127.0.0.1:$CKAN_PORT
  sysadmin            sx_admin    / $DEMO_SYSADMIN_PASSWORD
  department editor   sx_editor   / $DEMO_EDITOR_PASSWORD   (市交通运输局)
  registered user     sx_citizen  / $DEMO_USER_PASSWORD
  company (verified)  sx_company  / $DEMO_COMPANY_PASSWORD   (绍兴示范数据科技有限公司, one grant: /company)
Passwords are kept in $SECRETS. Logs: $LOGS. Stop with: make stop
TXT
