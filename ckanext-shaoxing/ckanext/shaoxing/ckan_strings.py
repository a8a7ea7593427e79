"""CKAN's own messages this portal says differently: empty or clumsy in CKAN's Chinese catalogue
(价值 for a field's value, 追随 for following, English left untranslated on every page).

CKAN merges each plugin's catalogue over its own (flask-babel's domains: ckan first, then the
plugins, a later catalogue's translation of a message winning), so a core message given a
translation in this plugin's catalogue is shown in it. `devstack/i18n.sh extract` keeps only the
messages it finds in the sources: the core messages re-translated are listed here with `N_`, which
marks a message for extraction and returns it unchanged. Nothing imports this module."""


def N_(message: str) -> str:
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return singular


# Page frame: skip link, header, account menu, modal and form buttons
N_('Skip to main content')
N_('Account')
N_('Toggle navigation')
N_('Submit')
N_('Profile settings')
N_('close')
N_('Close modal')
N_('Breadcrumb')
N_('Navigate to Home - {site_title}')
N_('Log out')
N_('Dashboard')
N_('News feed')
N_('Search followee')
N_('Go')

# Sign-in, registration, password reset and the profile
N_('Username or Email')
N_('Email or username')
N_('Login')
N_('Register')
N_('Create an Account')
N_('Create Account')
N_('Full Name')
N_('Joe Bloggs')
N_('Profile picture')
N_('Profile picture URL')
N_('Image URL')
N_('Your password must be 8 characters or longer')
N_('Create datasets, groups and other exciting things')
N_('Enter your email address or username into the box and we will send you an email with a link to enter '
   'a new password.')
N_('Request Reset')
N_('Last Active')
N_('eg. Joe Bloggs')
N_('Password1')
N_('Password2')
N_('You can use <a href="#markdown" title="Markdown quick reference" data-bs-toggle="popover" '
   'data-bs-content="%(markdown_tooltip)s" data-bs-html="true">Markdown formatting</a> here')
N_('active')
ngettext('{count} member', '{count} members', 2)
N_('This information is visible to you and admins')
N_('Follow')
N_('Unfollow')
N_('Followers')
N_('Token')
N_('Last access')
N_('Revoke tokens')
N_('Are you sure you want to delete user - {name}?')

# Search, facets and lists
N_('Remove applied filter: {value}')
N_('Filter by: {title}')
N_('Search datasets by {name}: {label}')
N_('Search datasets with the tag: {tag}')
N_('Navigate to dataset: {title}')
N_('Open details page for {name}')
N_('read more')
N_('There are no groups associated with this dataset.')

# The resource page, the data preview and the data dictionary
N_('Value')
N_('Field')
N_('Data last updated')
N_('Metadata last updated')
N_('Current resource: {name}')
N_('Navigate to resource: {name}')
N_('Navigate to resource: {name_or_id}')
N_('Search datasets with the tag: {name}')
N_('Resource URL: {url}')
N_('Manage resource: {name}')
N_('Reorder resources')
N_('Data Dictionary')
N_('Edit Data Dictionary')
N_('Delete from DataStore')
N_('Embed')
N_('Fullscreen')
N_('You can copy and paste the embed code into a CMS or blog software that supports raw HTML')
N_('Field {num}.')
N_('Type Override')
N_('Data')
N_('Unpublish')
N_('The <i>data license</i> you select above only applies to the contents of any resource files that you '
   'add to this dataset. By submitting this form, you agree to release the <i>metadata</i> values that '
   'you enter into the form under the <a href="http://opendatacommons.org/licenses/odbl/1-0/">Open '
   'Database License</a>.')
N_('These fields have been removed, click update below to save your changes.')
N_('These fields have been removed.')
N_('Data awaiting load to DataStore')
N_('datastore')
N_('Loading data into DataStore')
N_('Failed to load data into DataStore')
N_('Last Updated Not Available')
N_('If a view requires the DataStore, the DataStore plugin may not be enabled, or the data may not have '
   "been pushed to the DataStore, or the DataStore hasn't finished processing the data yet")

# The DataStore loader's badge: a load waiting to run (CKAN says 挂起中, suspended)
N_('Pending')

# The sysadmin pages (/ckan-admin)
N_('Current Sysadmins')
N_('Promote user to Sysadmin')
N_('Revoke Sysadmin permission')
N_('Promote')
N_('Purge all')
N_('Deleted datasets')
N_('Deleted groups')
N_('Deleted organizations')
N_('There are no datasets to purge')
N_('There are no groups to purge')
N_('There are no organizations to purge')
N_('Purge deleted datasets, organizations or groups forever and irreversibly.')
N_("Purge activities by age. Use 'ckan clean activities' via CLI for more options.")
N_('Purge activity stream entries by age. Each option shows how many activities would be deleted. '
   'Purging is irreversible.')
N_('Delete all')
N_('Delete activities older than a day')
N_('Delete activities older than a month')
N_('Delete activities older than a year')
N_('Delete all activities')
N_('Custom Stylesheet')
N_('Site logo')
N_('Trash')
N_('Site Tag Line')
N_('Custom CSS')
N_('CKAN config options')
N_('Intro Text')
N_('Administration')

# Licence names (CKAN's licence list)
N_('Creative Commons Attribution')
N_('Creative Commons Attribution Share-Alike')
N_('Creative Commons CCZero')
N_('Creative Commons Non-Commercial (Any)')
N_('GNU Free Documentation License')
N_('Open Data Commons Attribution License')
N_('Open Data Commons Open Database License (ODbL)')
N_('Open Data Commons Public Domain Dedication and License (PDDL)')
N_('UK Open Government Licence (OGL)')
N_('Other (Open)')
N_('Other (Public Domain)')
N_('Other (Attribution)')
N_('Other (Non-Commercial)')
N_('Other (Not Open)')
N_('License not specified')

# One word for a catalogue entry: 数据目录 (the menu's word), not CKAN's 数据集
N_('Dataset')
N_('You cannot add a dataset to this organization')
N_('Dataset id already exists')
N_("Datasets with no organization can't be private.")
N_('User %s not authorized to add dataset to this organization')
N_('User %s not authorized to create resources on dataset %s')
N_('Datasets')
N_('Search datasets...')
ngettext('{num} Dataset', '{num} Datasets', 2)
N_('0 Datasets')
N_('You can use CKAN Groups to create and manage collections of datasets. This could be to catalogue '
   'datasets for a particular project or team, or on a particular theme, or as a very simple way to help '
   'people find and search your own published datasets.')
N_('Edit datasets')
N_('This organization has no datasets associated to it')
N_('<p><strong>Admin:</strong> Can add/edit and delete datasets, as well as manage organization '
   'members.</p> <p><strong>Editor:</strong> Can add and edit datasets, but not manage organization '
   "members.</p> <p><strong>Member:</strong> Can view the organization's private datasets, but not add "
   'new datasets.</p>')
N_('CKAN Organizations are used to create, manage and publish collections of datasets. Users can have '
   'different roles within an Organization, depending on their level of authorisation to create, edit '
   'and publish.')
N_('Create Dataset')
N_('What are datasets?')
N_('A CKAN Dataset is a collection of data resources (such as files), together with a description and '
   'other information, at a fixed URL. Datasets are what users see when searching for data.')
N_('Are you sure you want to delete dataset - {name}?')
N_('View dataset')
N_('Associate this group with this dataset')
N_('Add data to the dataset')
N_('Are you sure you want to delete this dataset?')
N_('Update Dataset')
N_('This dataset has no data')
N_('Add Dataset')
N_('This dataset satisfies the Open Definition.')
ngettext('{number} dataset found for "{query}"', '{number} datasets found for "{query}"', 2)
N_('No datasets found for "{query}"')
ngettext('{number} dataset found', '{number} datasets found', 2)
N_('No datasets found')
N_('My Datasets')
N_("You haven't created any datasets.")
N_('Create one now?')
N_("User hasn't created any datasets.")
N_('Dataset has been deleted.')
N_('Unauthorized to update dataset')
N_('The dataset {id} could not be found.')
N_('Unauthorized to read dataset %s')
N_('{actor} added the tag {tag} to the dataset {dataset}')
N_('dataset')
N_('{actor} updated the resource {resource} in the dataset {dataset}')
N_('{actor} deleted the resource {resource} from the dataset {dataset}')
N_('{actor} added the resource {resource} to the dataset {dataset}')
N_('{actor} removed the tag {tag} from the dataset {dataset}')
N_('Datasets per page')
N_('Number of datasets')
N_('Number of Datasets')
N_('API Docs')
N_('You can also access this registry using the %(api_link)s (see %(api_doc_link)s).')
