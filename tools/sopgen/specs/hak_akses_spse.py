"""SOP Penonaktifan dan Pengaktifan Hak Akses SPSE bagi PPK, Anggota Pokja ULP dan Pejabat
Pengadaan (LPSE Kabupaten Batang, SOP-LPSE.BTG-019, 2017).

Source: /work/shared/seeds/004_6b464ef0472b2dab.txt (9 numbered steps). The Pelaksana marks
were lost except "Selesai" in the Bidang Layanan dan Dukungan column of step 9; see NOTES.
"""
from tools.sopgen.model import (Sop, Step, Decision, Branch, End, Parallel, TimerEvent, choice,
                                datetime, text)

PEMOHON = "PPK/Pokja ULP/Pejabat Pengadaan"
LAYANAN = "Bidang Layanan dan Dukungan"
ADMIN = "Admin Agency"

SURAT = ("Surat permohonan hak akses yang ditujukan kepada Kepala LPSE (surat permohonan "
         "berkop, tanda tangan dan stample basah instansi)")
SK = ("Surat Tugas/Surat Keputusan/Surat Penunjukan sebagai PPK/Anggota Pokja ULP/Pejabat "
      "Pengadaan yang berlaku")
DATA = ("Data personal yang akan diberikan hak akses meliputi: Nama, NIP, Pangkat/Golongan, "
        "Jabatan, Instansi, Alamat, No telpon/HP, Email")

# 31 Desember tahun penonaktifan/pengaktifan (langkah 6), pukul 16.00 WIB.
YEAR_END = 'account_action_at[0:4] + "-12-31T16:00:00+07:00"'

SOP = Sop(
    process_id="hak_akses_spse",
    title="Penonaktifan dan Pengaktifan Hak Akses SPSE bagi PPK, Anggota Pokja ULP dan "
          "Pejabat Pengadaan",
    pool="Layanan Pengadaan Secara Elektronik (LPSE) Kabupaten Batang",
    source="004_6b464ef0472b2dab.txt",
    documentation="""\
SOP Layanan Pengadaan Secara Elektronik: Penonaktifan dan Pengaktifan Hak Akses SPSE bagi PPK, Anggota Pokja ULP dan Pejabat Pengadaan.
Nomor dokumen: SOP-LPSE.BTG-019; revisi 00. Tanggal pembuatan: tidak tertulis; berlaku efektif: 8 Januari 2017. Dibuat oleh Dwi Marendra, S.Kom (Koordinator Bidang Administrasi Sistem Elektronik); dikaji oleh Indah Parawita, SH (Sekretaris LPSE); disetujui dan disahkan oleh Drs. Jamal Abdul Naser, MM (Ketua LPSE).
Prosedur mencakup penonaktifan dan pengaktifan kembali hak akses bagi PPK, Anggota Pokja ULP dan Pejabat Pengadaan mulai dari permohonan hak akses, pengaktifan, serah terima sampai dengan penonaktifan hak akses tersebut. Pencatatan: User ID dan password tercatat dalam sistem LPSE (tidak diunggah ke Alur); data berkas/dokumen permohonan dan lampirannya tercatat dalam Formulir serah terima berkas/dokumen. Keterkaitan: SOP Pengarsipan Dokumen.
Dasar hukum (ringkas): UU 11/2008 tentang Informasi dan Transaksi Elektronik; PP 82/2012 tentang Penyelenggaraan Sistem dan Transaksi Elektronik; Perpres 54/2010 tentang Pengadaan Barang/Jasa Pemerintah beserta perubahannya; Permendagri 52/2011 tentang SOP di Lingkungan Pemerintah Provinsi dan Kabupaten/Kota; Peraturan Kepala LKPP 2/2010 tentang Layanan Pengadaan Secara Elektronik; Peraturan Kepala LKPP 1/2015 tentang e-Tendering; Perbup Batang 11/2011 tentang Pedoman Pelaksana Pengadaan Barang/Jasa Secara Elektronik di Lingkungan Pemda Kab. Batang.""",
    lanes=[PEMOHON, LAYANAN, ADMIN],
    parties={LAYANAN: "cross-unit", ADMIN: "cross-unit"},
    start_name="Mulai",
    nodes=[
        Step("1", "Mengirimkan berkas permohonan penonaktifan/pengaktifan akun kepada LPSE",
             PEMOHON,
             doc="Jika dikirimkan melalui email harus scan surat aslinya. Berkas dapat "
                 "disampaikan secara langsung (hardcopy) atau melalui email/TTS (softcopy). "
                 "Apabila melalui email (softcopy), Bidang Layanan dan Dukungan tetap melakukan "
                 "pencetakan berkas untuk dokumen arsip.",
             kelengkapan=[SURAT, SK, DATA], waktu="N/A", outputs=[],
             attachments=["Surat permohonan hak akses", "Surat Tugas/Surat Keputusan/Surat "
                          "Penunjukan"],
             fields=[
                 choice("request_type", "Permohonan", {
                     "activate": "Pengaktifan akun",
                     "deactivate": "Penonaktifan akun"}),
                 choice("applicant_role", "Hak akses sebagai", {
                     "ppk": "PPK",
                     "pokja": "Anggota Pokja ULP",
                     "pejabat_pengadaan": "Pejabat Pengadaan"}),
                 choice("channel", "Berkas disampaikan", {
                     "hardcopy": "Secara langsung (hardcopy)",
                     "softcopy": "Melalui email/TTS (softcopy, scan surat asli)"}),
                 text("applicant_name", "Nama dan NIP pemohon"),
             ]),
        Step("2", "Menerima permohonan", LAYANAN,
             doc="Apabila permohonan melalui email (softcopy), Bidang Layanan dan Dukungan "
                 "membalas email sebagai bukti.",
             kelengkapan=["Formulir serah terima berkas"], waktu="N/A",
             outputs=["Permohonan diterima"],
             attachments=["Formulir serah terima berkas"]),
        Step("3", "Melakukan pengecekan kelengkapan berkas", LAYANAN,
             doc="Apakah berkas lengkap? Jika Iya, maka berkas diteruskan ke Admin Agency. Jika "
                 "TIDAK, maka berkas dikembalikan ke pemohon untuk dilengkapi.",
             kelengkapan=[SURAT, SK, DATA], waktu="10 menit", duration="PT10M",
             outputs=["Hasil pengecekan lengkap atau tidak"], attachments=[],
             fields=[choice("completeness", "Apakah berkas lengkap?", {
                 "complete": "Ya: berkas diteruskan ke Admin Agency",
                 "incomplete": "Tidak: berkas dikembalikan ke pemohon untuk dilengkapi"})]),
        Decision("gw_03", "Berkas lengkap?", [
            Branch("Lengkap", 'completeness == "complete"', "step_06"),
            Branch("Tidak lengkap", 'completeness == "incomplete"', "step_04"),
        ]),
        Step("4", "Menerima pengembalian berkas. Melengkapi berkas", PEMOHON,
             doc="Pemohon bisa langsung melakukan permohonan ulang setelah berkas dilengkapi "
                 "(kembali ke langkah 1).",
             kelengkapan=["Berkas permohonan yang masih tidak lengkap"], waktu="N/A",
             outputs=["Permohonan dikembalikan"], attachments=[],
             next="step_01"),
        Step("6", "Menonaktifkan/mengaktifkan akun pada aplikasi SPSE", ADMIN,
             doc="Waktu penonaktifan/pengaktifan yang diisi di sini menentukan akhir tahun "
                 "untuk penonaktifan akun PPK (langkah 5).",
             kelengkapan=["Berkas permohonan lengkap", "User ID dan password"],
             waktu="10 menit", duration="PT10M", outputs=["Permohonan ditindaklanjuti"],
             attachments=[],
             fields=[
                 choice("account_action", "Tindakan pada aplikasi SPSE", {
                     "activate_ppk": "Mengaktifkan akun PPK (dinonaktifkan pada akhir tahun, "
                                     "langkah 5)",
                     "activate_other": "Mengaktifkan akun Anggota Pokja ULP / Pejabat "
                                       "Pengadaan",
                     "deactivate": "Menonaktifkan akun"}),
                 datetime("account_action_at", "Waktu penonaktifan/pengaktifan pada SPSE"),
                 text("user_id", "User ID pada SPSE (tanpa password)", required=False),
             ]),
        Decision("gw_06", "Akun PPK diaktifkan?", [
            Branch("Akun PPK diaktifkan", 'account_action == "activate_ppk"', "fork_06"),
            Branch("Lainnya", 'account_action != "activate_ppk"', "step_07"),
        ]),
        Parallel("fork_06", "Akun PPK aktif sampai akhir tahun",
                 targets=["step_07", "timer_year_end"]),
        Step("7", "Menerima hasil penonaktifan/pengaktifan hak akses dan meneruskan ke pemohon",
             LAYANAN,
             doc="Menerima hasil penonaktifan/pengaktifan hak akses dan berkas permohonan. "
                 "Meneruskan hasil pembuatan hak akses ke pemohon. User ID dan password "
                 "diserahkan di luar Alur (tercatat dalam sistem LPSE), tidak diunggah.",
             kelengkapan=["User ID dan password", "Berkas permohonan lengkap"], waktu="N/A",
             outputs=["User ID dan password"], attachments=[]),
        Step("8", "Menerima Hak Akses", PEMOHON,
             doc="10 menit setelah mendapatkan hasil registrasi dari admin agency.",
             kelengkapan=["Pemberitahuan telah diaktifkan / dinonaktifkan akun tersebut"],
             waktu="10 menit", duration="PT10M",
             outputs=["Pemberitahuan", "User ID dan password"], attachments=[]),
        Step("9", "Melakukan arsip dokumen", LAYANAN,
             kelengkapan=["Berkas permohonan", "Data hak akses"], waktu="10 menit",
             duration="PT10M", outputs=["Arsip berkas permohonan", "Arsip data"],
             next="end"),
        TimerEvent("timer_year_end", "Akhir tahun", date=YEAR_END, lane=ADMIN,
                   next="step_05",
                   doc="31 Desember tahun penonaktifan/pengaktifan akun (isian "
                       "account_action_at langkah 6), pukul 16.00 WIB."),
        Step("5", "Akhir tahun menonaktifkan akun PPK", ADMIN,
             doc="Akhir tahun admin agency berwenang untuk menonaktifkan akun PPK. Admin Agency menonaktifkan akun PPK yang diaktifkan melalui permohonan ini. "
                 "Langkah ini tidak punya Mutu Baku dalam SOP.",
             waktu="-", outputs=[],
             fields=[datetime("year_end_deactivated_at",
                              "Waktu penonaktifan akun PPK pada SPSE")]),
        End("end_year_end", "Akun PPK dinonaktifkan akhir tahun", lane=ADMIN),
        # The main end is listed last: when both branches of fork_06 end, the case records the
        # year-end deactivation (the later event) and the XML lists that end event first.
        End("end", "Selesai: hak akses diserahkan dan diarsipkan", lane=LAYANAN),
    ],
    notes=[
        'Pihak: pemohon (PPK/Pokja ULP/Pejabat Pengadaan) memulai kasus dari instansinya; Bidang Layanan dan Dukungan serta Admin Agency ada di LPSE, melayani semua instansi: lintas unit (cross-unit).',
        "Lajur mengikuti kolom Pelaksana: 'PPK/Pokja ULP/Pejabat Pengadaan' (kolom gabungan "
        "pemohon, satu lajur; huruf besar di tabel), 'Bidang Layanan dan Dukungan', 'Admin "
        "Agency' (huruf besar di tabel).",
        "Tanda pelaksana hilang kecuali 'Selesai' di kolom Bidang Layanan dan Dukungan pada "
        "baris 9. Disimpulkan dari uraian dan Keterangan: 1 pemohon (mengirimkan berkas kepada "
        "LPSE); 2-3 Bidang Layanan dan Dukungan (Keterangan langkah 1-2: Bidang Layanan dan "
        "Dukungan menerima, mencetak dan membalas email; berkas 'diteruskan ke Admin Agency'); "
        "4 pemohon (berkas dikembalikan ke pemohon); 5-6 Admin Agency (langkah 5 menyebutnya; "
        "Admin Agency = unit registrasi dan verifikasi); 7 Bidang Layanan dan Dukungan "
        "(menerima hasil dari Admin Agency dan meneruskan ke pemohon); 8 pemohon (menerima hak "
        "akses); 9 Bidang Layanan dan Dukungan (tanda 'Selesai').",
        "Langkah 3: lengkap -> langkah 6 (Admin Agency); tidak lengkap -> langkah 4 (pemohon "
        "melengkapi) -> kembali ke langkah 1 ('Pemohon bisa langsung melakukan permohonan "
        "ulang setelah berkas dilengkapi').",
        "Langkah 5 ('Akhir tahun admin agency berwenang untuk menonaktifkan akun PPK') tidak "
        "punya Mutu Baku dan tidak tersambung dengan alur permohonan. Dimodelkan sebagai "
        "kelanjutan kasus pengaktifan akun PPK: sesudah langkah 6, isian account_action "
        "('Mengaktifkan akun PPK' / 'Mengaktifkan akun Anggota Pokja ULP / Pejabat Pengadaan' / "
        "'Menonaktifkan akun') dibaca gateway; bila akun PPK diaktifkan, gateway paralel "
        "menjalankan langkah 7-9 seperti biasa dan sekaligus timer tangkap bertanggal 'Akhir "
        "tahun' (timeDate = ekspresi account_action_at[0:4] + \"-12-31T16:00:00+07:00\": 31 "
        "Desember tahun pengaktifan, pukul 16.00 WIB, dari isian tanggal-waktu wajib langkah "
        "6), lalu langkah 5 di lajur Admin Agency dan akhir 'Akun PPK dinonaktifkan akhir "
        "tahun'. Bukan literal tahun tetap (2026-12-31) agar berlaku setiap tahun, dan bukan "
        "siklus: timer berbunyi sekali dan kasus berakhir. Kasus pengaktifan akun PPK tetap "
        "terbuka sampai akhir tahun.",
        "Langkah 5 ditempatkan sesudah langkah 9 dalam diagram karena terjadi paling akhir "
        "(akhir tahun); nomornya tetap 5. Akhir utama dicantumkan terakhir dalam XML sehingga "
        "kasus yang melewati kedua cabang mencatat 'Akun PPK dinonaktifkan akhir tahun'.",
        "Waktu: '10 menit' (langkah 3, 6, 8, 9) -> PT10M (waktu kerja); 'N/A' (1, 2, 4, 7) dan "
        "langkah 5 (kosong) tanpa timer. Keterangan langkah 8 ('10 menit setelah mendapatkan "
        "hasil registrasi dari admin agency') sesuai timer yang mulai saat langkah 8 terbuka.",
        "User ID dan password (Kelengkapan/Output langkah 6-8) tidak diunggah ke Alur: "
        "Pencatatan SOP menyebut keduanya tercatat dalam sistem LPSE; formulir langkah 6-8 tanpa "
        "lampiran, langkah 6 hanya mencatat User ID.",
        "Judul SOP ditulis bervariasi ('Pejabat Pengadaan' / 'Panitia Pengadaan', 'POKJA ULPA', "
        "'PANGAKTIFAN', 'Perengkapan'); judul lembar pengesahan dipakai. Kelengkapan ditulis "
        "seperti pada SOP (termasuk 'stample basah').",
    ],
)
