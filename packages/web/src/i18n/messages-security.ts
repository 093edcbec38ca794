import type { Label } from '@dixian/core';

/** Texts of the second sign-in step and the account security page (issue 21 §2, §5). */
export const securityMessages = {
  'nav.security': { zh: '账户安全', en: 'Account security' },

  'login2.title': { zh: '二次验证', en: 'Second step' },
  'login2.prompt': {
    zh: '请打开手机上的验证器应用,输入“防返贫监测”一项当前显示的6位验证码。手机不在身边时,可输入一个恢复码。',
    en: 'Open the authenticator app on your phone and enter the 6-digit code it shows for 防返贫监测. Without the phone, enter a recovery code.',
  },
  'login2.code': { zh: '验证码或恢复码', en: 'Code or recovery code' },
  'login2.submit': { zh: '验证并登录', en: 'Verify and sign in' },
  'login2.back': { zh: '返回重新输入密码', en: 'Back to the password' },
  'login2.enrolTitle': { zh: '绑定验证器', en: 'Set up an authenticator' },
  'login2.enrolRequired': {
    zh: '您的角色必须使用二次验证才能登录。请先在手机上绑定验证器,完成后才能进入系统。',
    en: 'Your role must sign in with a second factor. Set up an authenticator on your phone to continue.',
  },
  'login2.enrolStart': { zh: '开始绑定', en: 'Start' },

  'totp.scan': {
    zh: '1. 用手机上的验证器应用(如“腾讯身份验证器”小程序,支持基于时间的动态口令即可)扫描二维码:',
    en: '1. Scan the QR code with an authenticator app on your phone (any app that supports TOTP):',
  },
  'totp.manual': { zh: '无法扫码时,在应用中手动输入密钥:', en: 'If you cannot scan, type this key into the app:' },
  'totp.enterCode': { zh: '2. 输入应用显示的6位验证码:', en: '2. Enter the 6-digit code the app shows:' },
  'totp.codeLabel': { zh: '6位验证码', en: '6-digit code' },
  'totp.confirm': { zh: '确认绑定', en: 'Confirm' },
  'totp.qrLabel': { zh: '绑定验证器的二维码', en: 'QR code for the authenticator' },
  'totp.recoveryTitle': { zh: '请保存恢复码', en: 'Keep your recovery codes' },
  'totp.recoveryHint': {
    zh: '手机丢失或不在身边时,每个恢复码可代替验证码使用一次。它们只显示这一次,请抄写或打印后妥善保管,不要拍照上传。',
    en: 'Each recovery code replaces a code once when your phone is lost or away. They are shown only now: write them down or print them and keep them safe.',
  },
  'totp.recoverySaved': { zh: '我已保存,继续', en: 'I have kept them, continue' },

  'security.title': { zh: '账户安全', en: 'Account security' },
  'security.sub': {
    zh: '二次验证、密码有效期和本账号最近的登录记录。发现不是本人的登录,请立即修改密码并告知管理员。',
    en: 'Second factor, password age and recent sign-ins. If a sign-in was not you, change your password and tell an administrator.',
  },
  'security.factor': { zh: '二次验证(验证器)', en: 'Second factor (authenticator)' },
  'security.on': { zh: '已启用', en: 'On' },
  'security.off': { zh: '未启用', en: 'Off' },
  'security.since': { zh: '启用于', en: 'Since' },
  'security.required': {
    zh: '您的角色必须使用二次验证,不能停用。更换手机请联系管理员重置。',
    en: 'Your role must use a second factor; to change phones, ask an administrator to reset it.',
  },
  'security.optional': {
    zh: '启用后,每次登录除密码外还需输入手机验证器上的验证码,账号更安全。',
    en: 'Once on, every sign-in asks for a code from your phone besides the password.',
  },
  'security.enable': { zh: '启用二次验证', en: 'Turn on' },
  'security.codesLeft': { zh: '剩余恢复码:{n}个', en: 'Recovery codes left: {n}' },
  'security.renew': { zh: '重新生成恢复码', en: 'New recovery codes' },
  'security.renewHint': {
    zh: '输入验证器当前的6位验证码;旧的恢复码将全部作废。',
    en: 'Enter the current 6-digit code; the old recovery codes stop working.',
  },
  'security.disable': { zh: '停用二次验证', en: 'Turn off' },
  'security.disableHint': { zh: '请输入登录密码以确认停用。', en: 'Enter your password to turn it off.' },
  'security.disabled': { zh: '已停用二次验证', en: 'Second factor turned off' },
  'security.enabled': { zh: '已启用二次验证', en: 'Second factor turned on' },
  'security.password': { zh: '登录密码', en: 'Password' },
  'security.passwordChanged': { zh: '上次修改', en: 'Last changed' },
  'security.passwordExpires': { zh: '到期时间', en: 'Expires' },
  'security.passwordNever': { zh: '不过期', en: 'Never' },
  'security.sessionsLimit': {
    zh: '同一账号最多同时在{n}处登录,再次登录会使最早的登录下线。',
    en: 'One account may be signed in at {n} places at once; another sign-in ends the oldest.',
  },
  'security.signIns': { zh: '最近登录记录', en: 'Recent sign-ins' },
  'security.signInsEmpty': { zh: '暂无登录记录', en: 'No sign-ins yet' },
  'security.time': { zh: '时间', en: 'Time' },
  'security.address': { zh: '地址', en: 'Address' },
  'security.device': { zh: '设备', en: 'Device' },
  'security.result': { zh: '结果', en: 'Result' },
  'security.ok': { zh: '成功', en: 'Succeeded' },
  'security.failed': { zh: '失败', en: 'Failed' },
  'security.reason.wrong_password': { zh: '密码错误', en: 'wrong password' },
  'security.reason.wrong_code': { zh: '验证码错误', en: 'wrong code' },
  'security.reason.locked': { zh: '已锁定', en: 'locked out' },
  'security.reason.disabled': { zh: '账号已停用', en: 'account disabled' },
  'security.reason.inactive': { zh: '长期未登录被停用', en: 'disabled for inactivity' },
  'security.cancel': { zh: '取消', en: 'Cancel' },

  'users.secondFactor': { zh: '二次验证', en: 'Second factor' },
  'users.resetFactor': { zh: '重置二次验证', en: 'Reset second factor' },
  'users.resetFactorConfirm': {
    zh: '重置后该用户的验证器和恢复码全部作废,下次登录须重新绑定。用于手机丢失。确定重置?',
    en: "The user's authenticator and recovery codes stop working; they enrol again at the next sign-in. Reset?",
  },
  'users.resetFactorDone': { zh: '已重置二次验证', en: 'Second factor reset' },
} satisfies Record<string, Label>;
