/** English templates of the regular-file checks (`file.problem` names the file, the rest complete it). */
export const FILE_MESSAGES = {
  'file.problem': "'{file}' {reason}",
  'file.missing': 'does not exist',
  'file.danglingLink': 'is not a regular file (a symbolic link to nothing)',
  'file.linkLoop': 'is not a regular file (a symbolic link loop)',
  'file.unreadable': 'cannot be read ({detail})',
  'file.notRegular': 'is not a regular file ({kind})',
  'file.kindFolder': 'a folder',
  'file.kindFifo': 'a named pipe (FIFO)',
  'file.kindDevice': 'a device',
  'file.kindSocket': 'a socket',
  'file.kindSymlink': 'a symbolic link',
  'file.kindOther': 'not a regular file',
  'file.tooLarge': 'is {size}, more than {limit} ({max})',
  'file.grewPastLimit': 'grew past {limit} ({max}) while it was read',
  'file.limitModelFile': 'the largest model file read',
  'file.limitDatasets': 'the limit for datasets',
} as const;
