<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="id">
<context>
    <name>ApprovalPage</name>
    <message>
        <location filename="../../ui/gui/pages/approval_page.py" line="36"/>
        <source>Persetujuan supervisor</source>
        <translation>Supervisor approval</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/approval_page.py" line="42"/>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/approval_page.py" line="42"/>
        <source>NIK</source>
        <translation>NIK</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/approval_page.py" line="42"/>
        <source>Direkam</source>
        <translation>Recorded at</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/approval_page.py" line="42"/>
        <source>Petugas</source>
        <translation>Operators</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/approval_page.py" line="43"/>
        <source>Catatan</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/approval_page.py" line="54"/>
        <source>Setujui yang &amp;dipilih</source>
        <translation>Approve the &amp;selected</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/approval_page.py" line="56"/>
        <source>Setujui &amp;semua</source>
        <translation>Approve &amp;all</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/approval_page.py" line="78"/>
        <source>{n} perekaman menunggu persetujuan sebelum dikirim ke pusat.</source>
        <translation>{n} recordings await approval before they are sent to the hub.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/approval_page.py" line="81"/>
        <source>Persetujuan tidak diwajibkan di stasiun ini; perekaman langsung dikirim.</source>
        <translation>This station does not require approval; recordings are sent directly.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/approval_page.py" line="86"/>
        <source>kemungkinan data ganda (skor {score:.0f})</source>
        <translation>possible duplicate (score {score:.0f})</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/approval_page.py" line="105"/>
        <source>Pilih perekaman di tabel dulu.</source>
        <translation>Select recordings in the table first.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/approval_page.py" line="117"/>
        <source>{n} perekaman disetujui dan siap dikirim.</source>
        <translation>{n} recordings approved and ready to send.</translation>
    </message>
</context>
<context>
    <name>AuditLabels</name>
    <message>
        <location filename="../../app/services/audit_labels.py" line="30"/>
        <source>Akun petugas dibuat</source>
        <translation>Operator account created</translation>
    </message>
    <message>
        <location filename="../../app/services/audit_labels.py" line="31"/>
        <source>Akun petugas diaktifkan</source>
        <translation>Operator account enabled</translation>
    </message>
    <message>
        <location filename="../../app/services/audit_labels.py" line="32"/>
        <source>Akun petugas dinonaktifkan</source>
        <translation>Operator account disabled</translation>
    </message>
    <message>
        <location filename="../../app/services/audit_labels.py" line="33"/>
        <source>Kata sandi petugas diganti</source>
        <translation>Operator password changed</translation>
    </message>
    <message>
        <location filename="../../app/services/audit_labels.py" line="34"/>
        <source>Akun petugas dibuka kuncinya</source>
        <translation>Operator account unlocked</translation>
    </message>
    <message>
        <location filename="../../app/services/audit_labels.py" line="35"/>
        <source>Sidik jari petugas direkam</source>
        <translation>Operator&apos;s own prints recorded</translation>
    </message>
    <message>
        <location filename="../../app/services/audit_labels.py" line="8"/>
        <source>Masuk</source>
        <translation>Logged in</translation>
    </message>
    <message>
        <location filename="../../app/services/audit_labels.py" line="9"/>
        <source>Gagal masuk</source>
        <translation>Failed log-in</translation>
    </message>
    <message>
        <location filename="../../app/services/audit_labels.py" line="10"/>
        <source>Keluar</source>
        <translation>Logged out</translation>
    </message>
    <message>
        <location filename="../../app/services/audit_labels.py" line="11"/>
        <source>Kunjungan dibuka</source>
        <translation>Visit opened</translation>
    </message>
    <message>
        <location filename="../../app/services/audit_labels.py" line="12"/>
        <source>Kunjungan ditutup</source>
        <translation>Visit closed</translation>
    </message>
    <message>
        <location filename="../../app/services/audit_labels.py" line="13"/>
        <source>Daftar peserta diimpor</source>
        <translation>Roster imported</translation>
    </message>
    <message>
        <location filename="../../app/services/audit_labels.py" line="14"/>
        <source>Perekaman dimulai</source>
        <translation>Recording started</translation>
    </message>
    <message>
        <location filename="../../app/services/audit_labels.py" line="15"/>
        <source>Perekaman disimpan</source>
        <translation>Recording saved</translation>
    </message>
    <message>
        <location filename="../../app/services/audit_labels.py" line="16"/>
        <source>Perekaman disetujui</source>
        <translation>Recording approved</translation>
    </message>
    <message>
        <location filename="../../app/services/audit_labels.py" line="17"/>
        <source>Perekaman dibatalkan</source>
        <translation>Recording cancelled</translation>
    </message>
    <message>
        <location filename="../../app/services/audit_labels.py" line="18"/>
        <source>Pengambilan dipaksakan</source>
        <translation>Capture forced</translation>
    </message>
    <message>
        <location filename="../../app/services/audit_labels.py" line="19"/>
        <source>Pengecualian biometrik</source>
        <translation>Biometric exception</translation>
    </message>
    <message>
        <location filename="../../app/services/audit_labels.py" line="20"/>
        <source>Uji perangkat</source>
        <translation>Device self-check</translation>
    </message>
    <message>
        <location filename="../../app/services/audit_labels.py" line="21"/>
        <source>Pengaturan diubah</source>
        <translation>Settings changed</translation>
    </message>
    <message>
        <location filename="../../app/services/audit_labels.py" line="22"/>
        <source>Akun petugas diubah</source>
        <translation>Operator account changed</translation>
    </message>
    <message>
        <location filename="../../app/services/audit_labels.py" line="23"/>
        <source>Pengiriman ke pusat</source>
        <translation>Sent to the office</translation>
    </message>
    <message>
        <location filename="../../app/services/audit_labels.py" line="24"/>
        <source>Stasiun didaftarkan</source>
        <translation>Station registered</translation>
    </message>
    <message>
        <location filename="../../app/services/audit_labels.py" line="25"/>
        <source>Kejadian tidak dikenal</source>
        <translation>Unknown event</translation>
    </message>
</context>
<context>
    <name>AuditLogPage</name>
    <message>
        <location filename="../../ui/gui/pages/audit_log_page.py" line="54"/>
        <source>Log audit</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/audit_log_page.py" line="60"/>
        <source>Waktu</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/audit_log_page.py" line="60"/>
        <source>Petugas</source>
        <translation>Operator</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/audit_log_page.py" line="60"/>
        <source>Kejadian</source>
        <translation>Event</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/audit_log_page.py" line="61"/>
        <source>Tentang</source>
        <translation>About</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/audit_log_page.py" line="72"/>
        <source>&amp;Periksa ulang</source>
        <translation>&amp;Check again</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/audit_log_page.py" line="87"/>
        <source>Memeriksa log audit…</source>
        <translation>Checking the audit log…</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/audit_log_page.py" line="97"/>
        <source>stasiun</source>
        <translation>station</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/audit_log_page.py" line="100"/>
        <source>{shown} kejadian terbaru dari {total}</source>
        <translation>newest {shown} of {total} events</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/audit_log_page.py" line="105"/>
        <source>Log audit utuh: {n} kejadian, tidak ada yang diubah, dihapus atau disisipkan.</source>
        <translation>Audit log intact: {n} events, none changed, deleted or inserted.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/audit_log_page.py" line="110"/>
        <source>Log audit RUSAK. {problem} Laporkan ke kantor Dinas; jangan hapus data stasiun.</source>
        <translation>Audit log BROKEN. {problem} Report it to the Dinas office; do not delete the station&apos;s data.</translation>
    </message>
</context>
<context>
    <name>CapturePage</name>
    <message>
        <location filename="../../ui/gui/pages/capture_page.py" line="37"/>
        <source>Belum ada pemohon dipilih.</source>
        <translation>No applicant selected yet.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture_page.py" line="49"/>
        <source>1 Wajah</source>
        <translation>1 Face</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture_page.py" line="49"/>
        <source>2 Sidik jari</source>
        <translation>2 Fingerprints</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture_page.py" line="49"/>
        <source>3 Iris</source>
        <translation>3 Iris</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture_page.py" line="49"/>
        <source>4 Tanda tangan</source>
        <translation>4 Signature</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture_page.py" line="50"/>
        <source>5 Periksa</source>
        <translation>5 Review</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture_page.py" line="62"/>
        <source>Batalkan perekaman</source>
        <translation>Cancel recording</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture_page.py" line="72"/>
        <source>◀ Sebelumnya (Ctrl+PgUp)</source>
        <translation>◀ Previous (Ctrl+PgUp)</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture_page.py" line="74"/>
        <source>Berikutnya ▶ (Ctrl+PgDown)</source>
        <translation>Next ▶ (Ctrl+PgDown)</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture_page.py" line="99"/>
        <source>Merekam: {name} · NIK {nik}</source>
        <translation>Recording: {name} · NIK {nik}</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture_page.py" line="167"/>
        <source>Perekaman dibatalkan.</source>
        <translation>Recording cancelled.</translation>
    </message>
</context>
<context>
    <name>CaptureStep</name>
    <message>
        <location filename="../../ui/gui/pages/capture/step.py" line="78"/>
        <source>Perekaman dilanjutkan otomatis begitu perangkat kembali.</source>
        <translation>Capture resumes by itself once the device is back.</translation>
    </message>
</context>
<context>
    <name>DeviceStatus</name>
    <message>
        <location filename="../../ui/gui/widgets/device_status.py" line="21"/>
        <source>Kamera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/device_status.py" line="22"/>
        <source>Sidik jari</source>
        <translation>Fingerprints</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/device_status.py" line="23"/>
        <source>Iris</source>
        <translation>Iris</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/device_status.py" line="24"/>
        <source>Tanda tangan</source>
        <translation>Signature</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/device_status.py" line="30"/>
        <source>menyambung…</source>
        <translation>connecting…</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/device_status.py" line="31"/>
        <source>siap</source>
        <translation>ready</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/device_status.py" line="32"/>
        <source>bekerja</source>
        <translation>working</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/device_status.py" line="33"/>
        <source>terputus</source>
        <translation>disconnected</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/device_status.py" line="34"/>
        <source>salah atur</source>
        <translation>misconfigured</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/device_status.py" line="42"/>
        <location filename="../../ui/gui/widgets/device_status.py" line="58"/>
        <source>perangkat latihan (simulator)</source>
        <translation>practice device (simulator)</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/device_status.py" line="45"/>
        <source>port serial {port}</source>
        <translation>serial port {port}</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/device_status.py" line="47"/>
        <source>layanan perangkat SBI</source>
        <translation>SBI device service</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/device_status.py" line="50"/>
        <source>kabel USB</source>
        <translation>USB cable</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/device_status.py" line="59"/>
        <source>belum tersambung</source>
        <translation>not connected yet</translation>
    </message>
</context>
<context>
    <name>DevicesPage</name>
    <message>
        <location filename="../../ui/gui/pages/devices_page.py" line="50"/>
        <location filename="../../ui/gui/pages/devices_page.py" line="54"/>
        <location filename="../../ui/gui/pages/devices_page.py" line="72"/>
        <source>Perangkat</source>
        <translation>Devices</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/devices_page.py" line="54"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/devices_page.py" line="54"/>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/devices_page.py" line="54"/>
        <source>Keterangan / tindakan</source>
        <translation>Details / what to do</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/devices_page.py" line="58"/>
        <source>&amp;Jalankan uji perangkat</source>
        <translation>&amp;Run device self-check</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/devices_page.py" line="66"/>
        <source>Riwayat uji perangkat</source>
        <translation>Self-check history</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/devices_page.py" line="72"/>
        <source>Waktu</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/devices_page.py" line="72"/>
        <source>Hasil</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/devices_page.py" line="72"/>
        <source>Waktu tanggap</source>
        <translation>Response time</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/devices_page.py" line="72"/>
        <source>Rincian</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/devices_page.py" line="113"/>
        <source>lulus</source>
        <translation>passed</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/devices_page.py" line="113"/>
        <source>gagal</source>
        <translation>failed</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/devices_page.py" line="152"/>
        <source>Menguji {device} ({done}/{total})</source>
        <translation>Testing {device} ({done}/{total})</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/devices_page.py" line="160"/>
        <source>Gagal: {names}. Lihat rincian di riwayat.</source>
        <translation>Failed: {names}. See the details in the history.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/devices_page.py" line="163"/>
        <source>Semua perangkat lulus uji.</source>
        <translation>Every device passed.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/devices_page.py" line="112"/>
        <source>{s:.2f} dtk</source>
        <translation>{s:.2f} s</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/devices_page.py" line="114"/>
        <source>skor mutu {score:.0f}</source>
        <translation>quality score {score:.0f}</translation>
    </message>
</context>
<context>
    <name>Dialog</name>
    <message>
        <location filename="../../ui/gui/widgets/common.py" line="22"/>
        <source>&amp;Batal</source>
        <translation>&amp;Cancel</translation>
    </message>
</context>
<context>
    <name>DocumentsChecklist</name>
    <message>
        <location filename="../../ui/gui/widgets/documents_checklist.py" line="34"/>
        <source>Dokumen dilihat:</source>
        <translation>Documents seen:</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/documents_checklist.py" line="59"/>
        <source>(wajib)</source>
        <translation>(required)</translation>
    </message>
</context>
<context>
    <name>ExceptionFormWidget</name>
    <message>
        <location filename="../../ui/gui/widgets/supervisor_dialog.py" line="99"/>
        <source>Alasan</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/supervisor_dialog.py" line="100"/>
        <source>Catatan</source>
        <translation>Note</translation>
    </message>
</context>
<context>
    <name>FaceStep</name>
    <message>
        <location filename="../../ui/gui/pages/capture/face_step.py" line="46"/>
        <source>Foto wajah</source>
        <translation>Face photo</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/face_step.py" line="67"/>
        <source>Ambil otomatis bila semua syarat terpenuhi</source>
        <translation>Take the photo automatically when every check passes</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/face_step.py" line="71"/>
        <source>&amp;Ambil foto (Spasi)</source>
        <translation>&amp;Take photo (Space)</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/face_step.py" line="72"/>
        <source>&amp;Ulangi foto</source>
        <translation>&amp;Retake photo</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/face_step.py" line="100"/>
        <source>Belum ada foto</source>
        <translation>No photo yet</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/face_step.py" line="108"/>
        <source>MERAH</source>
        <translation>RED</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/face_step.py" line="108"/>
        <source>BIRU</source>
        <translation>BLUE</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/face_step.py" line="108"/>
        <source>ORANYE</source>
        <translation>ORANGE</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/face_step.py" line="109"/>
        <source>Latar foto: {colour} (menurut tahun lahir).</source>
        <translation>Photo background: {colour} (by birth year).</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/face_step.py" line="115"/>
        <source>Foto sudah tersimpan</source>
        <translation>Photo already saved</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/face_step.py" line="138"/>
        <source>Kamera tidak dikonfigurasi.</source>
        <translation>No camera is configured.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/face_step.py" line="143"/>
        <location filename="../../ui/gui/pages/capture/face_step.py" line="145"/>
        <source>Menyalakan kamera…</source>
        <translation>Starting the camera…</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/face_step.py" line="189"/>
        <source>Kamera tersambung lagi.</source>
        <translation>The camera is connected again.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/face_step.py" line="217"/>
        <source>Belum ada gambar dari kamera.</source>
        <translation>No image from the camera yet.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/face_step.py" line="243"/>
        <source>Foto wajah tersimpan.</source>
        <translation>Face photo saved.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/face_step.py" line="244"/>
        <source>Foto wajah tersimpan (tidak lolos semua pemeriksaan).</source>
        <translation>Face photo saved (not every check passed).</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/face_step.py" line="78"/>
        <source>Foto sudah &amp;benar, lanjut (Enter)</source>
        <translation>Photo is &amp;good, continue (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/face_step.py" line="245"/>
        <source>Periksa foto, lalu tekan Lanjut (Enter) atau Ulangi foto.</source>
        <translation>Check the photo, then press Continue (Enter) or Retake.</translation>
    </message>
</context>
<context>
    <name>FingerStep</name>
    <message>
        <location filename="../../ui/gui/widgets/supervisor_dialog.py" line="81"/>
        <source>Tidak ada / diamputasi</source>
        <translation>Missing / amputated</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/supervisor_dialog.py" line="82"/>
        <source>Diperban / terluka</source>
        <translation>Bandaged / injured</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/supervisor_dialog.py" line="83"/>
        <source>Sidik aus / tidak terbaca</source>
        <translation>Worn / unreadable prints</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/finger_step.py" line="41"/>
        <source>Sidik jari</source>
        <translation>Fingerprints</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/finger_step.py" line="69"/>
        <source>&amp;Pindai jari (Spasi)</source>
        <translation>&amp;Scan finger (Space)</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/finger_step.py" line="70"/>
        <source>&amp;Paksa simpan…</source>
        <translation>&amp;Force save…</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/finger_step.py" line="73"/>
        <source>Pen&amp;gecualian…</source>
        <translation>E&amp;xception…</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/finger_step.py" line="180"/>
        <source> (untuk chip kartu)</source>
        <translation> (for the card chip)</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/finger_step.py" line="185"/>
        <source>Letakkan {finger} di kaca pemindai, lalu tekan Spasi.</source>
        <translation>Place the {finger} on the scanner glass, then press Space.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/finger_step.py" line="194"/>
        <source>Percobaan {used} dari {limit} · batas NFIQ 2: {threshold}</source>
        <translation>Attempt {used} of {limit} · NFIQ 2 minimum: {threshold}</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/finger_step.py" line="206"/>
        <source>Memindai… tahan jari tetap di kaca.</source>
        <translation>Scanning… keep the finger on the glass.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/finger_step.py" line="211"/>
        <source>Pemindai sidik jari tidak dikonfigurasi.</source>
        <translation>No fingerprint scanner is configured.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/finger_step.py" line="223"/>
        <source>NFIQ 2: {score:.0f}</source>
        <translation>NFIQ 2: {score:.0f}</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/finger_step.py" line="239"/>
        <source>Bagus. Lanjut ke jari berikutnya.</source>
        <translation>Good. On to the next finger.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/finger_step.py" line="246"/>
        <source>Batas percobaan tercapai: paksa simpan (supervisor) atau tandai pengecualian.</source>
        <translation>No attempts left: force save (supervisor) or mark an exception.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/finger_step.py" line="247"/>
        <source>Kualitas kurang; bersihkan kaca dan ulangi.</source>
        <translation>Quality too low; clean the glass and try again.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/finger_step.py" line="264"/>
        <source>Pemindai sidik jari tersambung lagi. Tekan Spasi untuk memindai.</source>
        <translation>The fingerprint scanner is back. Press Space to scan.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/finger_step.py" line="278"/>
        <source>{finger}: kualitas di bawah batas setelah semua percobaan. Simpan percobaan terbaik?</source>
        <translation>{finger}: quality below the minimum after every attempt. Keep the best attempt?</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/finger_step.py" line="300"/>
        <source>Tandai {finger} sebagai pengecualian.</source>
        <translation>Mark the {finger} as an exception.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/finger_slaps.py" line="1"/>
        <source>Empat jari tangan kiri</source>
        <translation>Four fingers of the left hand</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/finger_slaps.py" line="1"/>
        <source>Empat jari tangan kanan</source>
        <translation>Four fingers of the right hand</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/finger_slaps.py" line="1"/>
        <source>Kedua ibu jari</source>
        <translation>Both thumbs</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/finger_slaps.py" line="1"/>
        <source>4-4-2: jari yang sudah lolos tidak dipindai lagi; tiap jari dinilai sendiri (NFIQ 2).</source>
        <translation>4-4-2: fingers that passed are not scanned again; each finger is scored on its own (NFIQ 2).</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/finger_slaps.py" line="1"/>
        <source>Letakkan {fingers} bersamaan di kaca, lalu tekan Spasi. Klik satu jari di gambar tangan untuk memindainya sendiri.</source>
        <translation>Place the {fingers} on the glass together, then press Space. Click one finger in the hand picture to scan it on its own.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/finger_slaps.py" line="1"/>
        <source>&amp;Pindai {slap} (Spasi)</source>
        <translation>&amp;Scan {slap} (Space)</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/finger_slaps.py" line="1"/>
        <source>Kualitas kurang: {fingers}. Tekan Spasi untuk memindai bersamaan lagi (yang terbaik per jari disimpan), atau klik jarinya untuk memindai sendiri.</source>
        <translation>Quality too low: {fingers}. Press Space to scan them together again (the best per finger is kept), or click a finger to scan it on its own.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/finger_step.py" line="1"/>
        <source>Kembali ke &amp;4-4-2</source>
        <translation>Back to &amp;4-4-2</translation>
    </message>
</context>
<context>
    <name>FreezeBanner</name>
    <message>
        <location filename="../../ui/gui/widgets/freeze_banner.py" line="24"/>
        <source>Yang harus dilakukan:</source>
        <translation>What to do:</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/freeze_banner.py" line="55"/>
        <source>Perekaman dibekukan: perekaman baru tidak bisa dimulai sampai ini diselesaikan.</source>
        <translation>Recording is frozen: no new recording can start until this is resolved.</translation>
    </message>
</context>
<context>
    <name>HandDiagram</name>
    <message>
        <location filename="../../ui/gui/widgets/hand_diagram.py" line="34"/>
        <source>Ibu jari kanan</source>
        <translation>right thumb</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/hand_diagram.py" line="35"/>
        <source>Telunjuk kanan</source>
        <translation>right index finger</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/hand_diagram.py" line="36"/>
        <source>Jari tengah kanan</source>
        <translation>right middle finger</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/hand_diagram.py" line="37"/>
        <source>Jari manis kanan</source>
        <translation>right ring finger</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/hand_diagram.py" line="38"/>
        <source>Kelingking kanan</source>
        <translation>right little finger</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/hand_diagram.py" line="39"/>
        <source>Ibu jari kiri</source>
        <translation>left thumb</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/hand_diagram.py" line="40"/>
        <source>Telunjuk kiri</source>
        <translation>left index finger</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/hand_diagram.py" line="41"/>
        <source>Jari tengah kiri</source>
        <translation>left middle finger</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/hand_diagram.py" line="42"/>
        <source>Jari manis kiri</source>
        <translation>left ring finger</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/hand_diagram.py" line="43"/>
        <source>Kelingking kiri</source>
        <translation>left little finger</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/hand_diagram.py" line="59"/>
        <source>Ibu jari</source>
        <translation>Thumb</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/hand_diagram.py" line="60"/>
        <source>Telunjuk</source>
        <translation>Index</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/hand_diagram.py" line="61"/>
        <source>Tengah</source>
        <translation>Middle</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/hand_diagram.py" line="62"/>
        <source>Manis</source>
        <translation>Ring</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/hand_diagram.py" line="63"/>
        <source>Kelingking</source>
        <translation>Little</translation>
    </message>
</context>
<context>
    <name>HandDiagramWidget</name>
    <message>
        <location filename="../../ui/gui/widgets/hand_diagram.py" line="77"/>
        <source>Tangan kiri</source>
        <translation>Left hand</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/hand_diagram.py" line="77"/>
        <source>Tangan kanan</source>
        <translation>Right hand</translation>
    </message>
</context>
<context>
    <name>IrisStep</name>
    <message>
        <location filename="../../ui/gui/pages/capture/iris_step.py" line="39"/>
        <source>Pengecualian…</source>
        <translation>Exception…</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/iris_step.py" line="58"/>
        <source>Iris mata</source>
        <translation>Iris</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/iris_step.py" line="59"/>
        <source>Minta pemohon melepas kacamata, membuka mata lebar dan menatap alat.</source>
        <translation>Ask the applicant to take off glasses, open the eyes wide and look into the device.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/iris_step.py" line="64"/>
        <source>Mata kanan</source>
        <translation>Right eye</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/iris_step.py" line="65"/>
        <source>Mata kiri</source>
        <translation>Left eye</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/iris_step.py" line="92"/>
        <source>Pindai mata &amp;kanan</source>
        <translation>Scan &amp;right eye</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/iris_step.py" line="93"/>
        <source>Pindai mata k&amp;iri</source>
        <translation>Scan &amp;left eye</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/iris_step.py" line="83"/>
        <source>Belum dipindai</source>
        <translation>Not scanned yet</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/iris_step.py" line="100"/>
        <source>Sudah tersimpan</source>
        <translation>Already saved</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/iris_step.py" line="100"/>
        <location filename="../../ui/gui/pages/capture/iris_step.py" line="198"/>
        <source>Pengecualian</source>
        <translation>Exception</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/iris_step.py" line="102"/>
        <location filename="../../ui/gui/pages/capture/iris_step.py" line="149"/>
        <source>Skor: {score:.0f}</source>
        <translation>Score: {score:.0f}</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/iris_step.py" line="129"/>
        <source>Memindai…</source>
        <translation>Scanning…</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/iris_step.py" line="135"/>
        <source>Pemindai iris tidak dikonfigurasi.</source>
        <translation>No iris scanner is configured.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/iris_step.py" line="156"/>
        <source>Pindai ulang</source>
        <translation>Scan again</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/iris_step.py" line="180"/>
        <source>Tandai {eye} sebagai pengecualian.</source>
        <translation>Mark the {eye} as an exception.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/iris_step.py" line="207"/>
        <source>Pemindai iris tersambung lagi. Tekan Spasi untuk memindai.</source>
        <translation>The iris scanner is back. Press Space to scan.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/iris_step.py" line="92"/>
        <source>Pindai ulang mata &amp;kanan</source>
        <translation>Scan the &amp;right eye again</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/iris_step.py" line="93"/>
        <source>Pindai ulang mata k&amp;iri</source>
        <translation>Scan the &amp;left eye again</translation>
    </message>
</context>
<context>
    <name>LoginPage</name>
    <message>
        <location filename="../../ui/gui/pages/login_page.py" line="33"/>
        <source>Masuk petugas</source>
        <translation>Operator log-in</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/login_page.py" line="39"/>
        <source>&amp;Masuk</source>
        <translation>&amp;Log in</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/login_page.py" line="42"/>
        <location filename="../../ui/gui/pages/login_page.py" line="65"/>
        <source>Nama pengguna</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/login_page.py" line="43"/>
        <location filename="../../ui/gui/pages/login_page.py" line="66"/>
        <source>Kata sandi</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/login_page.py" line="55"/>
        <source>Pertama kali: buat akun supervisor</source>
        <translation>First run: create the supervisor account</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/login_page.py" line="62"/>
        <source>&amp;Buat supervisor</source>
        <translation>&amp;Create supervisor</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/login_page.py" line="64"/>
        <source>Nama lengkap</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/login_page.py" line="67"/>
        <source>Ulangi kata sandi</source>
        <translation>Repeat the password</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/login_page.py" line="94"/>
        <source>Isi nama pengguna dan kata sandi.</source>
        <translation>Enter the user name and the password.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/login_page.py" line="97"/>
        <source>Memeriksa…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/login_page.py" line="120"/>
        <source>Isi semua kolom.</source>
        <translation>Fill in every field.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/login_page.py" line="123"/>
        <source>Kedua kata sandi tidak sama.</source>
        <translation>The two passwords differ.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/gui/main_window.py" line="142"/>
        <source>Log audit</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <location filename="../../ui/gui/main_window.py" line="83"/>
        <source>Perekaman e-KTP — {name}</source>
        <translation>e-KTP recording — {name}</translation>
    </message>
    <message>
        <location filename="../../ui/gui/main_window.py" line="88"/>
        <source>{name} · Stasiun {code}</source>
        <translation>{name} · Station {code}</translation>
    </message>
    <message>
        <location filename="../../ui/gui/main_window.py" line="91"/>
        <location filename="../../ui/gui/main_window.py" line="277"/>
        <source>Belum ada kunjungan aktif</source>
        <translation>No active visit</translation>
    </message>
    <message>
        <location filename="../../ui/gui/main_window.py" line="117"/>
        <source>Kunjungan</source>
        <translation>Visit</translation>
    </message>
    <message>
        <location filename="../../ui/gui/main_window.py" line="118"/>
        <source>Antrean</source>
        <translation>Queue</translation>
    </message>
    <message>
        <location filename="../../ui/gui/main_window.py" line="119"/>
        <source>Perekaman</source>
        <translation>Recording</translation>
    </message>
    <message>
        <location filename="../../ui/gui/main_window.py" line="120"/>
        <source>Progres</source>
        <translation>Progress</translation>
    </message>
    <message>
        <location filename="../../ui/gui/main_window.py" line="151"/>
        <source>Tidak ada aktivitas: keluar otomatis dalam {s} detik.</source>
        <translation>No activity: logging out automatically in {s} seconds.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/main_window.py" line="165"/>
        <source>Perangkat</source>
        <translation>Devices</translation>
    </message>
    <message>
        <location filename="../../ui/gui/main_window.py" line="167"/>
        <source>Persetujuan</source>
        <translation>Approval</translation>
    </message>
    <message>
        <location filename="../../ui/gui/main_window.py" line="169"/>
        <source>Kirim ke pusat</source>
        <translation>Send to hub</translation>
    </message>
    <message>
        <location filename="../../ui/gui/main_window.py" line="171"/>
        <source>Sidik jari petugas</source>
        <translation>Operators&apos; prints</translation>
    </message>
    <message>
        <location filename="../../ui/gui/main_window.py" line="173"/>
        <source>Pengaturan</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../ui/gui/main_window.py" line="214"/>
        <source>Petugas: {name} ({role})</source>
        <translation>Operator: {name} ({role})</translation>
    </message>
    <message>
        <location filename="../../ui/gui/main_window.py" line="247"/>
        <source>Perekaman belum selesai</source>
        <translation>Unfinished recording</translation>
    </message>
    <message>
        <location filename="../../ui/gui/main_window.py" line="248"/>
        <source>Perekaman {name} belum selesai (tersimpan: {captured}). Lanjutkan?</source>
        <translation>The recording of {name} is unfinished (saved: {captured}). Continue it?</translation>
    </message>
    <message>
        <location filename="../../ui/gui/main_window.py" line="252"/>
        <source>&amp;Lanjutkan</source>
        <translation>&amp;Continue</translation>
    </message>
    <message>
        <location filename="../../ui/gui/main_window.py" line="253"/>
        <source>&amp;Nanti saja</source>
        <translation>&amp;Not now</translation>
    </message>
    <message>
        <location filename="../../ui/gui/main_window.py" line="279"/>
        <source>Kunjungan: {site} · {date}</source>
        <translation>Visit: {site} · {date}</translation>
    </message>
    <message>
        <location filename="../../ui/gui/main_window.py" line="327"/>
        <source>Perekaman tersimpan.</source>
        <translation>Recording saved.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/main_window.py" line="71"/>
        <source>{n} sidik jari</source>
        <translation>{n} fingerprints</translation>
    </message>
    <message>
        <location filename="../../ui/gui/main_window.py" line="175"/>
        <source>Laporan harian</source>
        <translation>Daily report</translation>
    </message>
</context>
<context>
    <name>ManualEntryDialog</name>
    <message>
        <location filename="../../ui/gui/pages/manual_entry_dialog.py" line="51"/>
        <source>Tambah pemohon manual</source>
        <translation>Add an applicant by hand</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/manual_entry_dialog.py" line="72"/>
        <source>Laki-laki</source>
        <translation>Male</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/manual_entry_dialog.py" line="73"/>
        <source>Perempuan</source>
        <translation>Female</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/manual_entry_dialog.py" line="78"/>
        <source>Sudah / pernah kawin</source>
        <translation>Married / ever married</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/manual_entry_dialog.py" line="79"/>
        <source>&amp;NIK</source>
        <translation>&amp;NIK</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/manual_entry_dialog.py" line="81"/>
        <source>Nama &amp;lengkap</source>
        <translation>Full &amp;name</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/manual_entry_dialog.py" line="82"/>
        <source>Tempat lahir</source>
        <translation>Place of birth</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/manual_entry_dialog.py" line="83"/>
        <source>Tanggal lahir</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/manual_entry_dialog.py" line="84"/>
        <source>Jenis kelamin</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/manual_entry_dialog.py" line="85"/>
        <source>Wilayah NIK</source>
        <translation>NIK region</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/manual_entry_dialog.py" line="86"/>
        <source>Nomor KK</source>
        <translation>Family card (KK) number</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/manual_entry_dialog.py" line="87"/>
        <source>NIS (nomor induk siswa)</source>
        <translation>Student number (NIS)</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/manual_entry_dialog.py" line="94"/>
        <source>Dokumen yang diperiksa</source>
        <translation>Documents checked</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/manual_entry_dialog.py" line="104"/>
        <source>&amp;Simpan pemohon</source>
        <translation>&amp;Save applicant</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/manual_entry_dialog.py" line="106"/>
        <source>&amp;Batal</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/manual_entry_dialog.py" line="127"/>
        <source>Ketik 16 angka NIK.</source>
        <translation>Type the 16 digits of the NIK.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/manual_entry_dialog.py" line="150"/>
        <source>NIK valid.</source>
        <translation>The NIK is valid.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/manual_entry_dialog.py" line="184"/>
        <source>NIK belum valid; perbaiki dulu.</source>
        <translation>The NIK is not valid yet; correct it first.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/manual_entry_dialog.py" line="189"/>
        <source>Nama lengkap wajib diisi.</source>
        <translation>The full name is required.</translation>
    </message>
</context>
<context>
    <name>OperatorPrintsPage</name>
    <message>
        <location filename="../../ui/gui/pages/operator_prints_page.py" line="61"/>
        <source>Sidik jari petugas</source>
        <translation>Operators&apos; prints</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/operator_prints_page.py" line="63"/>
        <source>Sidik jari petugas sendiri disimpan agar jari petugas yang terekam pada data pemohon terdeteksi sebagai data ganda. Pilih petugas, lalu supervisor memasukkan kata sandinya.</source>
        <translation>Operators&apos; own fingerprints are stored so that an operator&apos;s finger recorded in an applicant&apos;s data is caught as a duplicate. Pick an operator, then a supervisor enters their password.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/operator_prints_page.py" line="71"/>
        <source>Nama pengguna</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/operator_prints_page.py" line="71"/>
        <source>Nama lengkap</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/operator_prints_page.py" line="71"/>
        <source>Peran</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/operator_prints_page.py" line="72"/>
        <source>Sidik jari tersimpan</source>
        <translation>Prints on file</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/operator_prints_page.py" line="93"/>
        <source>&amp;Rekam sidik jari petugas ini</source>
        <translation>&amp;Capture this operator&apos;s prints</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/operator_prints_page.py" line="114"/>
        <source>{n} jari</source>
        <translation>{n} fingers</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/operator_prints_page.py" line="114"/>
        <source>belum ada</source>
        <translation>none yet</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/operator_prints_page.py" line="141"/>
        <source>Pilih petugas di tabel dulu.</source>
        <translation>Select an operator in the table first.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/operator_prints_page.py" line="146"/>
        <source>Menyimpan sidik jari petugas memerlukan kata sandi supervisor.</source>
        <translation>Storing an operator&apos;s prints needs a supervisor&apos;s password.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/operator_prints_page.py" line="168"/>
        <source>Pemindai sidik jari tidak dikonfigurasi.</source>
        <translation>No fingerprint scanner is configured.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/operator_prints_page.py" line="175"/>
        <source>{finger}: letakkan jari di kaca pemindai.</source>
        <translation>{finger}: place the finger on the scanner glass.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/operator_prints_page.py" line="213"/>
        <source>{n} sidik jari petugas tersimpan.</source>
        <translation>{n} operator prints stored.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/operator_prints_page.py" line="215"/>
        <source>Tidak lolos mutu: {fingers}.</source>
        <translation>Did not pass the quality check: {fingers}.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/operator_prints_page.py" line="234"/>
        <source>{finger}: belum dipindai</source>
        <translation>{finger}: not scanned yet</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/operator_prints_page.py" line="237"/>
        <source>{finger}: NFIQ 2 {score:.0f} (batas {limit}) · {n} percobaan</source>
        <translation>{finger}: NFIQ 2 {score:.0f} (threshold {limit}) · {n} attempts</translation>
    </message>
</context>
<context>
    <name>PlannedVisitsWidget</name>
    <message>
        <location filename="../../ui/gui/widgets/planned_visits.py" line="21"/>
        <source>Rencana kunjungan dari kantor</source>
        <translation>Visits planned by the office</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/planned_visits.py" line="31"/>
        <source>Mulai kunjungan &amp;terencana hari ini</source>
        <translation>S&amp;tart today&apos;s planned visit</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/planned_visits.py" line="59"/>
        <source>Hari ini</source>
        <translation>Today</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/planned_visits.py" line="60"/>
        <source>{day} · {site} · target {target} · {roster} di daftar peserta</source>
        <translation>{day} · {site} · target {target} · {roster} on the roster</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/planned_visits.py" line="65"/>
        <source>dihapus dari rencana oleh kantor</source>
        <translation>removed from the plan by the office</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/planned_visits.py" line="76"/>
        <source>Kunjungan terencana hanya dapat dimulai pada harinya.</source>
        <translation>A planned visit can only be started on its day.</translation>
    </message>
</context>
<context>
    <name>ProgressPage</name>
    <message>
        <location filename="../../ui/gui/pages/progress_page.py" line="24"/>
        <source>Progres kunjungan</source>
        <translation>Visit progress</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/progress_page.py" line="28"/>
        <source>Sudah direkam</source>
        <translation>Recorded</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/progress_page.py" line="29"/>
        <source>Target</source>
        <translation>Target</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/progress_page.py" line="30"/>
        <source>Sisa</source>
        <translation>To go</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/progress_page.py" line="31"/>
        <source>Per jam</source>
        <translation>Per hour</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/progress_page.py" line="73"/>
        <source>Belum ada kunjungan aktif.</source>
        <translation>No active visit.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/progress_page.py" line="102"/>
        <source>Laju per jam muncul setelah beberapa menit perekaman.</source>
        <translation>The hourly rate shows after a few minutes of recording.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/progress_page.py" line="107"/>
        <source>Dengan laju ini, sisa {remaining} orang selesai dalam ±{hours:.1f} jam.</source>
        <translation>At this rate the remaining {remaining} people take about {hours:.1f} hours.</translation>
    </message>
</context>
<context>
    <name>QueuePage</name>
    <message>
        <location filename="../../ui/gui/pages/queue_page.py" line="39"/>
        <source>Belum direkam</source>
        <translation>Not recorded</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/queue_page.py" line="233"/>
        <source>Sudah direkam</source>
        <translation>Recorded</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/queue_page.py" line="41"/>
        <source>Menunggu dikirim</source>
        <translation>Waiting to send</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/queue_page.py" line="42"/>
        <source>Terkirim</source>
        <translation>Sent</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/queue_page.py" line="43"/>
        <source>Gagal — rekam/kirim ulang</source>
        <translation>Failed — record or send again</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/queue_page.py" line="49"/>
        <source>wajib</source>
        <translation>required</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/queue_page.py" line="50"/>
        <source>rekam awal</source>
        <translation>early</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/queue_page.py" line="51"/>
        <source>belum boleh</source>
        <translation>too young</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/queue_page.py" line="75"/>
        <source>Antrean pemohon</source>
        <translation>Applicant queue</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/queue_page.py" line="82"/>
        <source>Cari nama, NIK atau NIS… (Ctrl+F)</source>
        <translation>Search name, NIK or student number… (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/queue_page.py" line="84"/>
        <source>&amp;Rekam pemohon ini</source>
        <translation>&amp;Record this applicant</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/queue_page.py" line="85"/>
        <source>&amp;Tambah manual</source>
        <translation>&amp;Add by hand</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/queue_page.py" line="99"/>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/queue_page.py" line="99"/>
        <source>NIK</source>
        <translation>NIK</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/queue_page.py" line="99"/>
        <source>NIS</source>
        <translation>Student no.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/queue_page.py" line="99"/>
        <source>Kelas</source>
        <translation>Class</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/queue_page.py" line="99"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/queue_page.py" line="99"/>
        <source>Usia</source>
        <translation>Age</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/queue_page.py" line="138"/>
        <location filename="../../ui/gui/pages/queue_page.py" line="248"/>
        <source>Belum ada kunjungan aktif: buka halaman Kunjungan.</source>
        <translation>No active visit: open the Visit page.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/queue_page.py" line="164"/>
        <source> · ada rekaman belum selesai</source>
        <translation> · unfinished recording</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/queue_page.py" line="211"/>
        <source>Pilih pemohon di tabel dulu.</source>
        <translation>Select an applicant in the table first.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/queue_page.py" line="216"/>
        <source>{name} belum boleh direkam (usia {age}): perekaman mulai umur 17, atau lebih awal menjelang pemilu, atau bila sudah kawin.</source>
        <translation>{name} may not be recorded yet (age {age}): recording starts at 17, earlier before an election, or once married.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/queue_page.py" line="224"/>
        <source>Perekaman dibekukan; lihat alasan dan langkahnya di atas.</source>
        <translation>Recording is frozen; see the reasons and what to do above.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/queue_page.py" line="234"/>
        <source>{name} sudah direkam ({state}). Rekam ulang?</source>
        <translation>{name} is already recorded ({state}). Record again?</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/queue_page.py" line="238"/>
        <source>&amp;Rekam ulang</source>
        <translation>&amp;Record again</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/queue_page.py" line="239"/>
        <source>&amp;Batal</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/queue_page.py" line="256"/>
        <source>{name} ditambahkan ke antrean.</source>
        <translation>{name} was added to the queue.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/queue_page.py" line="1"/>
        <source>Menampilkan {shown} dari {total} pemohon: gulir ke bawah untuk berikutnya, atau cari nama, NIK atau NIS.</source>
        <translation>Showing {shown} of {total} applicants: scroll down for more, or search by name, NIK or NIS.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/queue_page.py" line="87"/>
        <source>&amp;Kirim ulang</source>
        <translation>Re&amp;send</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/queue_page.py" line="90"/>
        <source>Kirim lagi data yang gagal di pusat atau ditolak server pusat.</source>
        <translation>Send again a record the centre failed or the hub refused.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/queue_page.py" line="197"/>
        <source>Pilih pemohon yang datanya gagal di pusat atau ditolak server pusat.</source>
        <translation>Pick an applicant whose record the centre failed or the hub refused.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/queue_page.py" line="204"/>
        <source>Data {name} masuk antrean kirim lagi dan sedang dikirim.</source>
        <translation>{name}&apos;s record is back in the sending queue and being sent.</translation>
    </message>
</context>
<context>
    <name>RegisterStationDialog</name>
    <message>
        <location filename="../../ui/gui/pages/sync_page.py" line="59"/>
        <source>Daftarkan stasiun ke pusat</source>
        <translation>Register the station with the hub</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/sync_page.py" line="57"/>
        <source>Minta kode sekali pakai dari admin pusat (station-hub station invite). Hanya supervisor yang boleh mendaftarkan stasiun.</source>
        <translation>Ask the hub admin for a one-time code (station-hub station invite). Only a supervisor may register the station.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/sync_page.py" line="76"/>
        <source>Alamat server pusat</source>
        <translation>Hub server address</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/sync_page.py" line="77"/>
        <source>Kode pendaftaran</source>
        <translation>Registration code</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/sync_page.py" line="78"/>
        <source>Supervisor</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/sync_page.py" line="79"/>
        <source>Kata sandi</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/sync_page.py" line="83"/>
        <source>&amp;Daftarkan</source>
        <translation>&amp;Register</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/sync_page.py" line="92"/>
        <source>Isi alamat pusat, kode, nama supervisor dan kata sandinya.</source>
        <translation>Enter the hub address, the code, and the supervisor&apos;s user name and password.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/sync_page.py" line="61"/>
        <source>Minta kode pendaftaran sekali pakai dari admin kantor pusat. Hanya supervisor yang boleh mendaftarkan stasiun.</source>
        <translation>Ask the head office administrator for a one-time registration code. Only a supervisor may register the station.</translation>
    </message>
</context>
<context>
    <name>ReviewStep</name>
    <message>
        <location filename="../../ui/gui/pages/capture/review_step.py" line="35"/>
        <source>Wajah</source>
        <translation>Face</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/review_step.py" line="36"/>
        <source>Sidik jari</source>
        <translation>Fingerprints</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/review_step.py" line="37"/>
        <source>Iris</source>
        <translation>Iris</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/review_step.py" line="38"/>
        <source>Tanda tangan</source>
        <translation>Signature</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/review_step.py" line="40"/>
        <source>Dokumen</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/review_step.py" line="50"/>
        <source>Mata kanan</source>
        <translation>Right eye</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/review_step.py" line="51"/>
        <source>Mata kiri</source>
        <translation>Left eye</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/review_step.py" line="66"/>
        <source>Periksa dan simpan</source>
        <translation>Review and save</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/review_step.py" line="75"/>
        <source>Jenis</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/review_step.py" line="75"/>
        <source>Posisi</source>
        <translation>Position</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/review_step.py" line="75"/>
        <source>Skor</source>
        <translation>Score</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/review_step.py" line="76"/>
        <source>Catatan</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/review_step.py" line="88"/>
        <source>Peringatan</source>
        <translation>Warnings</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/review_step.py" line="96"/>
        <source>Perba&amp;rui</source>
        <translation>Re&amp;fresh</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/review_step.py" line="98"/>
        <source>&amp;Simpan perekaman (Ctrl+S)</source>
        <translation>&amp;Save recording (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/review_step.py" line="134"/>
        <source>Pemohon: {name} · {count} tangkapan</source>
        <translation>Applicant: {name} · {count} captures</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/review_step.py" line="140"/>
        <source>dipaksa</source>
        <translation>forced</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/review_step.py" line="142"/>
        <source>pengecualian: {reason}</source>
        <translation>exception: {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/review_step.py" line="144"/>
        <source>{n} percobaan</source>
        <translation>{n} attempts</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/review_step.py" line="164"/>
        <source>Tidak ada peringatan.</source>
        <translation>No warnings.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/review_step.py" line="167"/>
        <source>Belum bisa disimpan: selesaikan yang bertanda ✖.</source>
        <translation>Cannot save yet: resolve the items marked ✖.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/review_step.py" line="208"/>
        <source>Menyimpan…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/review_step.py" line="212"/>
        <source>Perekaman tersimpan dan masuk antrean kirim.</source>
        <translation>Recording saved and queued for sending.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/review_step.py" line="214"/>
        <source>PERINGATAN: kemungkinan data ganda (skor {score:.0f}).</source>
        <translation>WARNING: possible duplicate (score {score:.0f}).</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/review_step.py" line="187"/>
        <source>Kemungkinan data ganda dengan perekaman {uuid}.</source>
        <translation>Possible duplicate of recording {uuid}.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/review_step.py" line="75"/>
        <source>Gambar</source>
        <translation>Image</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/review_step.py" line="216"/>
        <source>jari petugas sendiri</source>
        <translation>an operator&apos;s own finger</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/review_step.py" line="217"/>
        <source>rekaman lain di stasiun ini</source>
        <translation>another record on this station</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/review_step.py" line="218"/>
        <source>Kemungkinan data ganda dengan {other}.</source>
        <translation>Possible duplicate of {other}.</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../ui/gui/pages/settings_page.py" line="69"/>
        <source>Pengaturan</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/settings_page.py" line="70"/>
        <source>Halaman ini khusus supervisor.</source>
        <translation>This page is for supervisors only.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/settings_page.py" line="74"/>
        <source>Stasiun</source>
        <translation>Station</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/settings_page.py" line="75"/>
        <location filename="../../ui/gui/pages/settings_page.py" line="116"/>
        <source>Perangkat</source>
        <translation>Devices</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/settings_page.py" line="76"/>
        <source>Ambang kualitas</source>
        <translation>Quality thresholds</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/settings_page.py" line="77"/>
        <location filename="../../ui/gui/pages/settings_page.py" line="178"/>
        <source>Petugas</source>
        <translation>Operators</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/settings_page.py" line="81"/>
        <source>&amp;Simpan pengaturan</source>
        <translation>&amp;Save settings</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/settings_page.py" line="103"/>
        <source>Nama stasiun</source>
        <translation>Station name</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/settings_page.py" line="104"/>
        <source>Kode kantor (wilayah)</source>
        <translation>Office code (region)</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/settings_page.py" line="105"/>
        <source>Nomor stasiun</source>
        <translation>Station number</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/settings_page.py" line="106"/>
        <source>Zona waktu</source>
        <translation>Time zone</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/settings_page.py" line="107"/>
        <source>Bahasa</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/settings_page.py" line="108"/>
        <source>Perubahan berlaku setelah aplikasi dibuka ulang.</source>
        <translation>Changes take effect when the application is restarted.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/settings_page.py" line="103"/>
        <source>Backend</source>
        <translation>Backend</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/settings_page.py" line="118"/>
        <source>Port (serial/USB)</source>
        <translation>Port (serial/USB)</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/settings_page.py" line="145"/>
        <source>Jumlah percobaan sidik jari</source>
        <translation>Fingerprint attempts</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/settings_page.py" line="151"/>
        <source>NFIQ 2 minimum — {finger}</source>
        <translation>NFIQ 2 minimum — {finger}</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/settings_page.py" line="154"/>
        <source>Skor iris minimum</source>
        <translation>Minimum iris score</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/settings_page.py" line="164"/>
        <location filename="../../ui/gui/pages/settings_page.py" line="183"/>
        <source>Nama pengguna</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/settings_page.py" line="164"/>
        <location filename="../../ui/gui/pages/settings_page.py" line="184"/>
        <source>Nama lengkap</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/settings_page.py" line="164"/>
        <location filename="../../ui/gui/pages/settings_page.py" line="185"/>
        <source>Peran</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/settings_page.py" line="164"/>
        <source>Aktif</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/settings_page.py" line="170"/>
        <source>Aktifkan / nonaktifkan yang dipilih</source>
        <translation>Enable / disable the selected account</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/settings_page.py" line="173"/>
        <source>Tambah petugas</source>
        <translation>Add an operator</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/settings_page.py" line="179"/>
        <source>Supervisor</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/settings_page.py" line="182"/>
        <source>&amp;Tambah</source>
        <translation>&amp;Add</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/settings_page.py" line="186"/>
        <source>Kata sandi awal</source>
        <translation>Initial password</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/settings_page.py" line="237"/>
        <source>ya</source>
        <translation>yes</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/settings_page.py" line="237"/>
        <source>tidak</source>
        <translation>no</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/settings_page.py" line="292"/>
        <source>Pengaturan disimpan ke {path}. Buka ulang aplikasi agar berlaku.</source>
        <translation>Settings saved to {path}. Restart the application to apply them.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/settings_page.py" line="300"/>
        <source>Pilih petugas di tabel dulu.</source>
        <translation>Select an operator in the table first.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/settings_page.py" line="318"/>
        <source>Akun {name} dibuat.</source>
        <translation>Account {name} created.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/settings_page.py" line="54"/>
        <source>Simulator (latihan)</source>
        <translation>Simulator (practice)</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/settings_page.py" line="55"/>
        <source>Kamera USB</source>
        <translation>USB camera</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/settings_page.py" line="56"/>
        <source>Layanan perangkat SBI</source>
        <translation>SBI device service</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/settings_page.py" line="57"/>
        <source>Pemindai sidik jari R30x (serial)</source>
        <translation>R30x fingerprint scanner (serial)</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/settings_page.py" line="58"/>
        <source>Bantalan tanda tangan Wacom (serial)</source>
        <translation>Wacom signature pad (serial)</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/settings_page.py" line="117"/>
        <source>Jenis perangkat</source>
        <translation>Device type</translation>
    </message>
</context>
<context>
    <name>SignatureStep</name>
    <message>
        <location filename="../../ui/gui/pages/capture/signature_step.py" line="76"/>
        <source>Tanda tangan</source>
        <translation>Signature</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/signature_step.py" line="83"/>
        <source>&amp;Hapus dan ulangi</source>
        <translation>&amp;Clear and redo</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/signature_step.py" line="85"/>
        <source>&amp;Simpan tanda tangan</source>
        <translation>&amp;Save signature</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/signature_step.py" line="104"/>
        <source>Tanda tangan sudah tersimpan; hapus untuk mengulang.</source>
        <translation>The signature is saved; clear it to redo.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/signature_step.py" line="142"/>
        <source>Minta pemohon menandatangani di pad tanda tangan.</source>
        <translation>Ask the applicant to sign on the signature pad.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/signature_step.py" line="148"/>
        <source>Pad tanda tangan tidak ada: tanda tangani di layar dengan mouse atau sentuhan.</source>
        <translation>No signature pad: sign on the screen with the mouse or by touch.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/signature_step.py" line="160"/>
        <source>Pad tanda tangan tersambung lagi; silakan tanda tangan ulang.</source>
        <translation>The signature pad is back; please sign again.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/signature_step.py" line="177"/>
        <source>Belum ada tanda tangan.</source>
        <translation>No signature yet.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/signature_step.py" line="189"/>
        <source>Tanda tangan kurang jelas; ulangi.</source>
        <translation>The signature is unclear; redo it.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/capture/signature_step.py" line="198"/>
        <source>Tanda tangan tersimpan.</source>
        <translation>Signature saved.</translation>
    </message>
</context>
<context>
    <name>SupervisorDialog</name>
    <message>
        <location filename="../../ui/gui/widgets/supervisor_dialog.py" line="32"/>
        <source>Persetujuan supervisor</source>
        <translation>Supervisor approval</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/supervisor_dialog.py" line="45"/>
        <source>Supervisor</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/supervisor_dialog.py" line="46"/>
        <source>Kata sandi</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/supervisor_dialog.py" line="50"/>
        <source>&amp;Setujui</source>
        <translation>&amp;Approve</translation>
    </message>
    <message>
        <source>&amp;Batal</source>
        <translation type="vanished">&amp;Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/supervisor_dialog.py" line="62"/>
        <source>Isi nama supervisor dan kata sandinya.</source>
        <translation>Enter the supervisor&apos;s user name and password.</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../ui/gui/pages/sync_page.py" line="131"/>
        <source>Kirim ke pusat</source>
        <translation>Send to hub</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/sync_page.py" line="148"/>
        <source>Kirim sekarang</source>
        <translation>Send now</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/sync_page.py" line="151"/>
        <source>Daftarkan stasiun…</source>
        <translation>Register the station…</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/sync_page.py" line="154"/>
        <source>Kirim otomatis saat pusat terjangkau</source>
        <translation>Send automatically when the hub is reachable</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/sync_page.py" line="196"/>
        <source>Stasiun belum terdaftar di pusat. Data tersimpan aman dan akan dikirim setelah pendaftaran.</source>
        <translation>The station is not registered with the hub yet. Data is kept safely and will be sent after registration.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/sync_page.py" line="200"/>
        <source>Pusat: {hub} · menunggu kirim: {waiting} · menunggu persetujuan: {approval} · terkirim: {sent} · gagal: {failed} · terakhir: {last}</source>
        <translation>Hub: {hub} · waiting to send: {waiting} · awaiting approval: {approval} · sent: {sent} · failed: {failed} · last: {last}</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/sync_page.py" line="231"/>
        <source>sisa ~{s} dtk</source>
        <translation>~{s} s left</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/sync_page.py" line="232"/>
        <source>menghitung sisa waktu…</source>
        <translation>estimating the time left…</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/sync_page.py" line="233"/>
        <source>{done}/{total} paket · {mb:.1f}/{mb_total:.1f} MB · {left}</source>
        <translation>{done}/{total} packets · {mb:.1f}/{mb_total:.1f} MB · {left}</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/sync_page.py" line="242"/>
        <source>Terkirim: {n} paket</source>
        <translation>Sent: {n} packets</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/sync_page.py" line="246"/>
        <source>Gagal {uuid}: {text}</source>
        <translation>Failed {uuid}: {text}</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/sync_page.py" line="248"/>
        <source>Menunggu persetujuan supervisor: {n}</source>
        <translation>Awaiting a supervisor&apos;s approval: {n}</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/sync_page.py" line="250"/>
        <source>Perlu rekam ulang atau kirim ulang (ganda/gagal di pusat): {n}</source>
        <translation>To record or send again (duplicate or failed at the centre): {n}</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/sync_page.py" line="256"/>
        <source>Sebagian data belum terkirim; akan dicoba lagi.</source>
        <translation>Some data is not sent yet; it will be retried.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/sync_page.py" line="258"/>
        <source>Semua data yang siap sudah terkirim.</source>
        <translation>Everything ready has been sent.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/sync_page.py" line="269"/>
        <source>Konfigurasi dari pusat (versi {v}) ditolak, tidak ada yang diubah: {text}</source>
        <translation>The configuration from the hub (version {v}) was refused; nothing changed: {text}</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/sync_page.py" line="273"/>
        <source>Konfigurasi dari pusat (versi {v}) diterapkan: {keys}</source>
        <translation>The configuration from the hub (version {v}) was applied: {keys}</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/sync_page.py" line="276"/>
        <source>Berlaku setelah aplikasi dimulai ulang: {keys}</source>
        <translation>Takes effect after a restart: {keys}</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/sync_page.py" line="190"/>
        <source>belum pernah</source>
        <translation>never</translation>
    </message>
</context>
<context>
    <name>VisitPage</name>
    <message>
        <location filename="../../ui/gui/pages/visit_page.py" line="32"/>
        <source>Sekolah (SMA/SMK)</source>
        <translation>School (SMA/SMK)</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/visit_page.py" line="33"/>
        <source>Mal Pelayanan Publik</source>
        <translation>Public service mall (MPP)</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/visit_page.py" line="34"/>
        <source>Mal / pusat belanja</source>
        <translation>Shopping mall</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/visit_page.py" line="35"/>
        <source>Desa / kelurahan</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/visit_page.py" line="36"/>
        <source>Perkebunan</source>
        <translation>Plantation</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/visit_page.py" line="37"/>
        <source>Lembaga pemasyarakatan</source>
        <translation>Prison</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/visit_page.py" line="38"/>
        <source>Kantor Dispendukcapil</source>
        <translation>Civil registry office</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/visit_page.py" line="42"/>
        <source>Kunjungan hari ini</source>
        <translation>Today&apos;s visit</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/visit_page.py" line="44"/>
        <source>Kunjungan yang masih terbuka</source>
        <translation>Visit still open</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/visit_page.py" line="48"/>
        <source>&amp;Lanjutkan kunjungan</source>
        <translation>&amp;Continue the visit</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/visit_page.py" line="49"/>
        <source>&amp;Tutup kunjungan</source>
        <translation>C&amp;lose the visit</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/visit_page.py" line="59"/>
        <source>Pilih lokasi</source>
        <translation>Pick a site</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/visit_page.py" line="65"/>
        <source>Hari pemungutan suara</source>
        <translation>Polling day</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/visit_page.py" line="82"/>
        <source>&amp;Mulai kunjungan di lokasi ini</source>
        <translation>&amp;Start a visit at this site</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/visit_page.py" line="86"/>
        <source>Lokasi baru</source>
        <translation>New site</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/visit_page.py" line="100"/>
        <source>&amp;Tambah lokasi</source>
        <translation>&amp;Add site</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/visit_page.py" line="101"/>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/visit_page.py" line="102"/>
        <source>Jenis</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/visit_page.py" line="103"/>
        <source>Kode kecamatan</source>
        <translation>District code</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/visit_page.py" line="104"/>
        <source>Alamat</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/visit_page.py" line="105"/>
        <source>Target perekaman</source>
        <translation>Recording target</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/visit_page.py" line="138"/>
        <source>{site} — dibuka {date}</source>
        <translation>{site} — opened {date}</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/visit_page.py" line="139"/>
        <source>{name} · {roster} pemohon · {recorded}/{target} direkam</source>
        <translation>{name} · {roster} applicants · {recorded}/{target} recorded</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/visit_page.py" line="209"/>
        <source>Kunjungan ditutup.</source>
        <translation>Visit closed.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/visit_page.py" line="170"/>
        <location filename="../../ui/gui/pages/visit_page.py" line="184"/>
        <location filename="../../ui/gui/pages/visit_page.py" line="215"/>
        <source>Pilih lokasi dulu, atau tambah lokasi baru.</source>
        <translation>Pick a site first, or add a new one.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/visit_page.py" line="231"/>
        <source>Nama lokasi wajib diisi.</source>
        <translation>The site name is required.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/visit_page.py" line="235"/>
        <source>Kode kecamatan harus 6 angka, misalnya 357305.</source>
        <translation>The district code must be 6 digits, e.g. 357305.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/visit_page.py" line="249"/>
        <source>Lokasi {name} ditambahkan.</source>
        <translation>Site {name} added.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/visit_page.py" line="75"/>
        <source>&amp;Ubah lokasi…</source>
        <translation>&amp;Edit site…</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/visit_page.py" line="77"/>
        <source>&amp;Impor daftar peserta…</source>
        <translation>&amp;Import roster…</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/visit_page.py" line="144"/>
        <source>{name} · {kind} · {roster} pemohon · {recorded}/{target} direkam</source>
        <translation>{name} · {kind} · {roster} applicants · {recorded}/{target} recorded</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/visit_page.py" line="178"/>
        <source>Lokasi {name} disimpan.</source>
        <translation>Site {name} saved.</translation>
    </message>
</context>
<context>
    <name>BackupDialog</name>
    <message>
        <location filename="../../ui/gui/pages/removable_media.py" line="52"/>
        <source>Buat cadangan stasiun</source>
        <translation>Back up the station</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/removable_media.py" line="57"/>
        <source>Pilih…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/removable_media.py" line="67"/>
        <source>Folder cadangan</source>
        <translation>Backup folder</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/removable_media.py" line="63"/>
        <source>Supervisor</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/removable_media.py" line="69"/>
        <source>Kata sandi</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/removable_media.py" line="85"/>
        <source>Isi folder, nama supervisor dan kata sandinya.</source>
        <translation>Fill in the folder, the supervisor&apos;s name and the password.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/removable_media.py" line="73"/>
        <source>&amp;Buat cadangan</source>
        <translation>&amp;Back up</translation>
    </message>
</context>
<context>
    <name>RemovableMediaPanel</name>
    <message>
        <location filename="../../ui/gui/pages/removable_media.py" line="91"/>
        <source>Salin ke media lepas</source>
        <translation>Copy to removable media</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/removable_media.py" line="110"/>
        <source>Baca tanda terima kantor</source>
        <translation>Read the office&apos;s receipt</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/removable_media.py" line="91"/>
        <source>Buat cadangan…</source>
        <translation>Back up…</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/removable_media.py" line="130"/>
        <source>Pilih folder di media lepas</source>
        <translation>Choose a folder on the removable medium</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/removable_media.py" line="185"/>
        <source>{n} paket tersalin dan diperiksa. Bawa media ke kantor; data tetap dalam antrean kirim sampai pusat mengonfirmasi.</source>
        <translation>{n} packets copied and checked. Take the medium to the office; the data stays in the sending queue until the hub confirms it.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/removable_media.py" line="188"/>
        <source>{n} paket diterima pusat.</source>
        <translation>{n} packets received by the hub.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/removable_media.py" line="190"/>
        <source>{n} paket tidak diterima dan akan disalin lagi.</source>
        <translation>{n} packets were not received and will be copied again.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/removable_media.py" line="193"/>
        <source>Cadangan selesai: {n} rekaman, {mb:.1f} MB ditulis dan diperiksa.</source>
        <translation>Backup done: {n} records, {mb:.1f} MB written and checked.</translation>
    </message>
</context>
<context>
    <name></name>
    <message>
        <location filename="../../ui/gui/pages/report_page.py" line="49"/>
        <source>Direkam / target</source>
        <translation>Recorded / target</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/report_page.py" line="50"/>
        <source>Dipaksa · pengecualian</source>
        <translation>Forced · exceptions</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/report_page.py" line="51"/>
        <source>Kemungkinan data ganda</source>
        <translation>Possible duplicates</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/report_page.py" line="52"/>
        <source>Disetujui · menunggu persetujuan</source>
        <translation>Approved · awaiting approval</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/report_page.py" line="53"/>
        <source>Terkirim · diserahkan · menunggu · gagal</source>
        <translation>Sent · handed over · waiting · failed</translation>
    </message>
</context>
<context>
    <name>ReportPage</name>
    <message>
        <location filename="../../ui/gui/pages/report_page.py" line="64"/>
        <source>Laporan harian</source>
        <translation>Daily report</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/report_page.py" line="72"/>
        <source>&amp;Tampilkan</source>
        <translation>&amp;Show</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/report_page.py" line="73"/>
        <source>Simpan &amp;PDF…</source>
        <translation>Save &amp;PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/report_page.py" line="74"/>
        <source>Simpan &amp;CSV…</source>
        <translation>Save &amp;CSV…</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/report_page.py" line="78"/>
        <source>Hari</source>
        <translation>Day</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/report_page.py" line="80"/>
        <source>Lokasi</source>
        <translation>Site</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/report_page.py" line="116"/>
        <source>Semua lokasi</source>
        <translation>All sites</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/report_page.py" line="128"/>
        <source>Menyusun laporan…</source>
        <translation>Preparing the report…</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/report_page.py" line="150"/>
        <source>semua-lokasi</source>
        <translation>all-sites</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/report_page.py" line="153"/>
        <source>Simpan laporan</source>
        <translation>Save the report</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/report_page.py" line="154"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/report_page.py" line="154"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/report_page.py" line="164"/>
        <source>Laporan disimpan: {path}</source>
        <translation>Report saved: {path}</translation>
    </message>
</context>
<context>
    <name>ResendPanelWidget</name>
    <message>
        <location filename="../../ui/gui/widgets/resend_panel.py" line="39"/>
        <source>Perlu dikirim ulang</source>
        <translation>To be resent</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/resend_panel.py" line="47"/>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/resend_panel.py" line="47"/>
        <source>NIK</source>
        <translation>NIK</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/resend_panel.py" line="47"/>
        <source>Status di pusat</source>
        <translation>Status at the centre</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/resend_panel.py" line="57"/>
        <source>Kirim &amp;ulang yang dipilih</source>
        <translation>Re&amp;send the selected</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/resend_panel.py" line="59"/>
        <source>Kirim ulang &amp;semua</source>
        <translation>Resend &amp;all</translation>
    </message>
</context>
<context>
    <name>RosterImportDialog</name>
    <message>
        <location filename="../../ui/gui/pages/roster_import_dialog.py" line="47"/>
        <source>Impor daftar peserta</source>
        <translation>Import a roster</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/roster_import_dialog.py" line="50"/>
        <source>Impor daftar peserta ke {site}</source>
        <translation>Import a roster into {site}</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/roster_import_dialog.py" line="54"/>
        <source>Berkas CSV atau Excel (.xlsx) dari sekolah</source>
        <translation>The school&apos;s CSV or Excel (.xlsx) file</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/roster_import_dialog.py" line="55"/>
        <source>&amp;Pilih berkas…</source>
        <translation>&amp;Choose file…</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/roster_import_dialog.py" line="56"/>
        <source>Peri&amp;ksa</source>
        <translation>Chec&amp;k</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/roster_import_dialog.py" line="62"/>
        <source>Pilih berkas, lalu periksa isinya sebelum diimpor.</source>
        <translation>Choose a file, then check its contents before importing.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/roster_import_dialog.py" line="68"/>
        <source>Baris</source>
        <translation>Row</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/roster_import_dialog.py" line="68"/>
        <source>Kolom</source>
        <translation>Column</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/roster_import_dialog.py" line="68"/>
        <source>Jenis</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/roster_import_dialog.py" line="69"/>
        <source>Alasan</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/roster_import_dialog.py" line="80"/>
        <source>&amp;Tutup</source>
        <translation>&amp;Close</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/roster_import_dialog.py" line="82"/>
        <source>&amp;Impor baris yang baik</source>
        <translation>&amp;Import the good rows</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/roster_import_dialog.py" line="95"/>
        <source>Pilih daftar peserta</source>
        <translation>Choose a roster</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/roster_import_dialog.py" line="96"/>
        <source>Daftar peserta (*.csv *.xlsx *.txt)</source>
        <translation>Rosters (*.csv *.xlsx *.txt)</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/roster_import_dialog.py" line="105"/>
        <source>Pilih berkas daftar dulu.</source>
        <translation>Choose the roster file first.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/roster_import_dialog.py" line="110"/>
        <source>Memeriksa berkas…</source>
        <translation>Checking the file…</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/roster_import_dialog.py" line="122"/>
        <source>ditolak</source>
        <translation>rejected</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/roster_import_dialog.py" line="122"/>
        <source>catatan</source>
        <translation>note</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/roster_import_dialog.py" line="130"/>
        <source>{file}: {total} baris · {good} baik ({new} baru, {present} sudah ada di stasiun) · {bad} baris ditolak. Baris yang ditolak tidak diimpor; perbaiki di berkas lalu impor lagi.</source>
        <translation>{file}: {total} rows · {good} good ({new} new, {present} already on the station) · {bad} rows rejected. Rejected rows are not imported; fix them in the file and import again.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/roster_import_dialog.py" line="134"/>
        <source>&amp;Impor {n} baris yang baik</source>
        <translation>&amp;Import {n} good rows</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/roster_import_dialog.py" line="137"/>
        <source>Tidak ada baris baru untuk diimpor.</source>
        <translation>There are no new rows to import.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/roster_import_dialog.py" line="153"/>
        <source>Selesai: {imported} pemohon diimpor ke {site}, {present} sudah ada (tidak diubah), {bad} baris ditolak.</source>
        <translation>Done: {imported} applicants imported into {site}, {present} already there (unchanged), {bad} rows rejected.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/roster_import_dialog.py" line="157"/>
        <source>&amp;Selesai</source>
        <translation>&amp;Done</translation>
    </message>
</context>
<context>
    <name>SiteFormWidget</name>
    <message>
        <location filename="../../ui/gui/widgets/site_form.py" line="1"/>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/site_form.py" line="1"/>
        <source>Jenis</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/site_form.py" line="1"/>
        <source>Kode kecamatan</source>
        <translation>District code</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/site_form.py" line="1"/>
        <source>Alamat</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/site_form.py" line="1"/>
        <source>Target perekaman</source>
        <translation>Recording target</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/site_form.py" line="1"/>
        <source>ada pemilu</source>
        <translation>election ahead</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/site_form.py" line="1"/>
        <source>Hari pemungutan suara</source>
        <translation>Polling day</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/site_form.py" line="1"/>
        <source>Nama lokasi wajib diisi.</source>
        <translation>The site name is required.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/widgets/site_form.py" line="1"/>
        <source>Kode kecamatan harus 6 angka, misalnya 357305.</source>
        <translation>The district code must be 6 digits, e.g. 357305.</translation>
    </message>
</context>
<context>
    <name>SiteDialog</name>
    <message>
        <location filename="../../ui/gui/pages/site_dialog.py" line="45"/>
        <source>Ubah lokasi</source>
        <translation>Edit site</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/site_dialog.py" line="45"/>
        <source>Lokasi baru</source>
        <translation>New site</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/site_dialog.py" line="65"/>
        <source>ada pemilu</source>
        <translation>election ahead</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/site_dialog.py" line="74"/>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/site_dialog.py" line="75"/>
        <source>Jenis</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/site_dialog.py" line="76"/>
        <source>Kode kecamatan</source>
        <translation>District code</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/site_dialog.py" line="77"/>
        <source>Alamat</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/site_dialog.py" line="78"/>
        <source>Target perekaman</source>
        <translation>Recording target</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/site_dialog.py" line="79"/>
        <source>Hari pemungutan suara</source>
        <translation>Polling day</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/site_dialog.py" line="83"/>
        <source>&amp;Simpan lokasi</source>
        <translation>&amp;Save site</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/site_dialog.py" line="91"/>
        <source>Nama lokasi wajib diisi.</source>
        <translation>The site name is required.</translation>
    </message>
    <message>
        <location filename="../../ui/gui/pages/site_dialog.py" line="95"/>
        <source>Kode kecamatan harus 6 angka, misalnya 357305.</source>
        <translation>The district code must be 6 digits, e.g. 357305.</translation>
    </message>
</context>
</TS>
