"""SOP Registrasi dan Verifikasi (Bagian PBJ Setda Kota Pagar Alam, 2024).

Source: /work/shared/seeds/002_928c96537b62e8d7.txt. The table of this SOP stops after step 6
(the pelaku usaha hands in the berkas permohonan); the verification part is not in the source
text. Only the documented steps are modelled (see NOTES).
"""
from tools.sopgen.model import Sop, Step, End, text

PU = "Pelaku Usaha"
REG = "Petugas Registrasi"
VER = "Verifikator"

SOP = Sop(
    process_id="registrasi_verifikasi_pelaku_usaha",
    title="Registrasi dan Verifikasi",
    pool="Bagian Pengadaan Barang dan Jasa Sekretariat Daerah Kota Pagar Alam",
    source="002_928c96537b62e8d7.txt",
    documentation="""\
SOP Registrasi dan Verifikasi.
Nomor SOP: 6 Tahun 2024 (sebagaimana tertulis). Pemerintah Kota Pagar Alam, Bagian Pengadaan Barang/Jasa.
Tanggal pembuatan: 17 Januari 2024; tanggal efektif: 17 Januari 2024. Disahkan oleh Pj. Sekretaris Daerah Kota Pagar Alam.
Dasar hukum (ringkas): UU 25/2009 tentang Pelayanan Publik; UU 30/2014 tentang Administrasi Pemerintahan; PP 82/2012 tentang Penyelenggaraan Sistem dan Transaksi Elektronik; Perpres 12/2021 tentang Pengadaan Barang/Jasa Pemerintah; Permen PANRB 35/2012 tentang Pedoman Penyusunan SOP Administrasi Pemerintahan; Peraturan LKPP 9/2018 tentang Pedoman Pelaksanaan Pengadaan Barang/Jasa melalui Penyedia.
Catatan: tabel kegiatan dalam naskah sumber berhenti pada langkah 6 (penyampaian berkas permohonan); langkah pemeriksaan oleh Petugas Registrasi dan verifikasi oleh Verifikator tidak tercantum.""",
    lanes=[PU, REG, VER],
    parties={PU: "external"},
    proxies={PU: REG},
    start_name="Mulai",
    nodes=[
        Step("1", "Menekan tombol 'Pendaftaran'", PU,
             kelengkapan=["Panduan penggunaan SPSE sebagai Pelaku Usaha"],
             outputs=["Halaman pendaftaran pelaku usaha"], attachments=[]),
        Step("2", "Mengisi alamat email dan download formulir pendaftaran dan keikutsertaan",
             PU,
             kelengkapan=["Email perusahaan"],
             outputs=["Blangko Formulir data pelaku usaha", "Blangko Formulir Keikutsertaan",
                      "Email berisi link konfirmasi"],
             attachments=[],
             fields=[text("company_email", "Alamat email perusahaan")]),
        Step("3", "Menerima email konfirmasi dari SPSE dan klik melanjutkan pendaftaran", PU,
             kelengkapan=["Email berisi link konfirmasi"],
             outputs=["Halaman formulir online pendaftaran pelaku usaha"], attachments=[]),
        Step("4", "Mengisi formulir online pendaftaran pelaku usaha dan klik 'mendaftar'", PU,
             kelengkapan=["Halaman formulir online pendaftaran pelaku usaha"],
             outputs=["Email dari SPSE perihal User ID"], attachments=[],
             fields=[text("spse_user_id", "User ID SPSE")]),
        Step("5", "Mengisi formulir pendaftaran dan keikutsertaan", PU,
             kelengkapan=["Blangko Formulir pendaftaran", "Blangko Formulir Keikutsertaan"],
             outputs=["Formulir pendaftaran yang sudah terisi",
                      "Formulir keikutsertaan yang sudah terisi"]),
        Step("6", "Mempersiapkan dan menyampaikan berkas permohonan", PU,
             kelengkapan=["Formulir Pendaftaran", "Formulir Keikutsertaan",
                          "Seluruh dokumen syarat verifikasi (asli & fotokopi)"],
             outputs=["Berkas permohonan"]),
        End("end", "Berkas permohonan tersampaikan", lane=REG),
    ],
    notes=[
        'Pihak: Pelaku Usaha eksternal (hanya pendaftar yang memulai kasus). Atas nama: Petugas Registrasi mencatat langkah pelaku usaha tanpa akun (alur:proxy; Kualifikasi: Petugas Registrasi mengelola registrasi yang dilakukan penyedia).',
        "Naskah sumber memuat langkah 1-6 saja; tabel berhenti setelah 'Mempersiapkan dan "
        "menyampaikan berkas permohonan' (halaman berikutnya tidak ada dalam konversi). "
        "Langkah pemeriksaan berkas (Petugas Registrasi) dan verifikasi/persetujuan "
        "(Verifikator) yang disebut Kualifikasi Pelaksana tidak dikarang: diagram berakhir "
        "dengan 'Berkas permohonan tersampaikan' di lajur Petugas Registrasi (penerima berkas). "
        "Lajur Petugas Registrasi dan Verifikator tetap ada (kolom Pelaksana) tetapi belum "
        "berisi tugas.",
        "Simbol Pelaksana hilang; langkah 1-6 semuanya di lajur Pelaku Usaha (Kualifikasi: "
        "Pelaku Usaha melakukan registrasi di SPSE dan mempersiapkan dokumen permohonan; "
        "seluruh langkah adalah tindakan pendaftar di SPSE).",
        "Pelaku Usaha tidak termasuk pihak yang tidak memakai sistem dalam aturan pemodelan; "
        "lajurnya adalah peran bagi akun pelaku usaha. Jika pelaku usaha tidak diberi akun "
        "Alur, petugas yang memegang peran 'Pelaku Usaha' mencatat langkahnya atas nama "
        "pelaku usaha.",
        "Kolom Waktu kosong pada semua langkah: tanpa timer. Tidak ada keputusan dalam teks: "
        "tanpa gateway.",
        "Nomor SOP tertulis '6 Tahun 2024' (SOP lain dalam keputusan yang sama bernomor "
        "16 Tahun 2024); dicatat apa adanya.",
        "Keluaran langkah 1-4 adalah halaman/email SPSE, bukan dokumen unggahan: tanpa "
        "lampiran; User ID SPSE dicatat sebagai isian langkah 4.",
    ],
)
